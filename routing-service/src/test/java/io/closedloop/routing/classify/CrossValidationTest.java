package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    @Test
    void dealsEveryLabelEvenlyRoundTheFolds() {
        List<List<LabelledText>> folds = CrossValidation.folds(Complaints.all(), 5, 42);
        assertThat(folds).hasSize(5).allSatisfy(fold -> {
            Map<String, Long> perLabel = fold.stream()
                    .collect(Collectors.groupingBy(LabelledText::label, Collectors.counting()));
            assertThat(perLabel).hasSize(5).allSatisfy((label, n) -> assertThat(n).isEqualTo(4));
        });
    }

    @Test
    void usesEveryRowExactlyOnce() {
        List<LabelledText> all = Complaints.all();
        List<LabelledText> dealt = new ArrayList<>();
        CrossValidation.folds(all, 5, 42).forEach(dealt::addAll);
        assertThat(dealt).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void givesTheSameFoldsForTheSameSeedAndOtherFoldsForAnother() {
        List<LabelledText> all = Complaints.all();
        assertThat(CrossValidation.folds(all, 5, 42)).isEqualTo(CrossValidation.folds(all, 5, 42));
        assertThat(CrossValidation.folds(all, 5, 43)).isNotEqualTo(CrossValidation.folds(all, 5, 42));
    }

    @Test
    void refusesWhenALabelHasFewerRowsThanFolds() {
        List<LabelledText> rows = new ArrayList<>(Complaints.all());
        rows.add(new LabelledText("门店装修噪音太大", "噪音"));
        assertThatThrownBy(() -> CrossValidation.folds(rows, 5, 42))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("5-fold cross-validation needs at least 5 rows of every label; too few: 噪音 (1)");
    }

    @Test
    void predictsEveryRowOnceWithAModelThatDidNotSeeIt() {
        CrossValidation.Result result = CrossValidation.run(Complaints.all(), 5, 42, Complaints::trainer);
        assertThat(result.pooled().total()).isEqualTo(100);
        assertThat(result.accuracies()).hasSize(5);
        // chance is 0.2; the default min-df of 2, tuned on long real messages, drops many words of these short ones
        assertThat(result.macroF1Mean()).isGreaterThanOrEqualTo(0.45);
        assertThat(result.macroF1Std()).isNotNegative();
    }

    @Test
    void computesTheSampleStandardDeviationOfTheFolds() {
        assertThat(CrossValidation.mean(List.of(0.5, 0.7, 0.9))).isEqualTo(0.7, within(1e-12));
        assertThat(CrossValidation.std(List.of(0.5, 0.7, 0.9))).isEqualTo(0.2, within(1e-12));
    }
}
