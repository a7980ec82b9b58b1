package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    // truth:      a a a a b b b c c c
    // predicted:  a a b c b b a c c b
    // confusion (rows truth a,b,c; columns predicted a,b,c):
    //   a: 2 1 1
    //   b: 1 2 0
    //   c: 0 1 2
    // precision a = 2/3, b = 2/4, c = 2/3; recall a = 2/4, b = 2/3, c = 2/3
    // F1 a = 2*(2/3)(1/2)/(2/3+1/2) = 4/7, b = 4/7, c = 2/3; macro-F1 = (4/7 + 4/7 + 2/3) / 3 = 38/63
    private final Evaluation evaluation = Evaluation.of(
            List.of("a", "a", "a", "a", "b", "b", "b", "c", "c", "c"),
            List.of("a", "a", "b", "c", "b", "b", "a", "c", "c", "b"));

    @Test
    void countsTrueLabelsAgainstPredictedOnesInTheConfusionMatrix() {
        assertThat(evaluation.labels()).containsExactly("a", "b", "c");
        assertThat(evaluation.confusionMatrix()).isDeepEqualTo(new long[][] {{2, 1, 1}, {1, 2, 0}, {0, 1, 2}});
    }

    @Test
    void computesAccuracyPrecisionRecallAndF1AsWorkedOutByHand() {
        assertThat(evaluation.accuracy()).isCloseTo(6.0 / 10, within(1e-12));
        assertThat(evaluation.precision("a")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(evaluation.precision("b")).isCloseTo(2.0 / 4, within(1e-12));
        assertThat(evaluation.recall("a")).isCloseTo(2.0 / 4, within(1e-12));
        assertThat(evaluation.recall("b")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(evaluation.f1("a")).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(evaluation.f1("c")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(evaluation.macroF1()).isCloseTo(38.0 / 63, within(1e-12));
        assertThat(evaluation.support("a")).isEqualTo(4);
    }

    @Test
    void givesZeroRatherThanNaNForALabelNeverPredicted() {
        Evaluation e = Evaluation.of(List.of("a", "b"), List.of("a", "a"));
        assertThat(e.precision("b")).isZero();
        assertThat(e.recall("b")).isZero();
        assertThat(e.f1("b")).isZero();
    }

    @Test
    void poolsTwoFoldsByAddingTheirCountsEvenWhenTheirLabelsDiffer() {
        Evaluation other = Evaluation.of(List.of("a", "d"), List.of("d", "d"));
        Evaluation pooled = evaluation.plus(other);
        assertThat(pooled.labels()).containsExactly("a", "b", "c", "d");
        assertThat(pooled.total()).isEqualTo(12);
        assertThat(pooled.confusionMatrix()[0]).containsExactly(2, 1, 1, 1);
        assertThat(pooled.confusionMatrix()[3]).containsExactly(0, 0, 0, 1);
    }

    @Test
    void alignsChineseLabelsInTheTableByDisplayWidth() {
        String table = Evaluation.of(List.of("物流", "价格", "price"), List.of("物流", "price", "price")).table();
        List<String> matrixRows = table.lines().filter(l -> l.matches("^\\d .*\\s\\d+$") && !l.contains(".")).toList();
        assertThat(matrixRows).hasSize(3);
        assertThat(matrixRows.stream().map(Evaluation::displayWidth).distinct()).hasSize(1);
        assertThat(table).contains("accuracy  0.6667  (2 of 3)");
    }
}
