package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closedloop.routing.classify.ModelComparison.KeyedText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {

    private static List<KeyedText> keyed(List<LabelledText> rows, String prefix) {
        List<KeyedText> keyed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            keyed.add(new KeyedText(prefix + i, rows.get(i)));
        }
        return keyed;
    }

    @Test
    void testsCandidateAndBaselineOnTheSameFoldsAndNeverOnRowsTheySaw() {
        List<KeyedText> rows = keyed(Complaints.all(), "row:");
        List<Set<String>> heldOutPerRound = new ArrayList<>();
        ModelComparison.Baseline retrained = ModelComparison.Baseline.retrainedOn(rows, Complaints::trainer);
        ModelComparison.Result result = ModelComparison.run(rows, 5, 42, Complaints::trainer, heldOut -> {
            heldOutPerRound.add(Set.copyOf(heldOut));
            return retrained.forRound(heldOut);
        });

        // every row held out exactly once
        Set<String> all = new HashSet<>();
        heldOutPerRound.forEach(all::addAll);
        assertThat(all).hasSize(rows.size());
        assertThat(heldOutPerRound.stream().mapToInt(Set::size).sum()).isEqualTo(rows.size());
        // the baseline retrained on the same rows less the held-out ones is the candidate: equal figures
        assertThat(result.baseline().macroF1s()).isEqualTo(result.candidate().macroF1s());
        assertThat(result.candidate().pooled().total()).isEqualTo(rows.size());
        // five balanced labels: chance is 0.2
        assertThat(result.candidate().macroF1Mean()).isGreaterThan(0.4);
    }

    @Test
    void aBaselineThatSawTheTestRowsLooksBetterThanItIs() {
        List<KeyedText> rows = keyed(Complaints.all(), "row:");
        TextClassifier sawEverything = Complaints.trainer().train(Complaints.all(), "all");

        ModelComparison.Result result = ModelComparison.run(rows, 5, 42, Complaints::trainer,
                ModelComparison.Baseline.fixed(sawEverything));

        assertThat(result.baseline().macroF1Mean()).isGreaterThan(result.candidate().macroF1Mean());
    }

    @Test
    void allowsALabelWithFewerRowsThanFoldsSoASingleCorrectionDoesNotStopTraining() {
        List<KeyedText> rows = new ArrayList<>(keyed(Complaints.all(), "row:"));
        rows.add(new KeyedText("complaint:C-1", new LabelledText("发票开错了抬头，要求重开", "发票")));

        ModelComparison.Result result = ModelComparison.run(rows, 5, 42, Complaints::trainer, null);

        assertThat(result.baseline()).isNull();
        assertThat(result.candidate().pooled().support("发票")).isEqualTo(1);
    }

    @Test
    void refusesFewerRowsThanFolds() {
        List<KeyedText> rows = keyed(Complaints.all().subList(0, 3), "row:");
        assertThatThrownBy(() -> ModelComparison.run(rows, 5, 42, Complaints::trainer, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 5 rows");
    }
}
