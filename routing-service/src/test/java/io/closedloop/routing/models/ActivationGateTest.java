package io.closedloop.routing.models;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivationGateTest {

    @Test
    void activatesACandidateThatIsBetter() {
        ActivationGate.Verdict verdict = ActivationGate.decide(0.82, 0.80, 0.02, "complaint-text@3", 5);
        assertThat(verdict.activate()).isTrue();
        assertThat(verdict.reason()).isEqualTo("cross-validated macro-F1 0.8200 against 0.8000 for complaint-text@3 "
                + "on the same 5 folds (+0.0200; tolerance 0.0200)");
    }

    @Test
    void activatesACandidateWorseByNoMoreThanTheTolerance() {
        assertThat(ActivationGate.decide(0.78, 0.80, 0.02, "complaint-text@3", 5).activate()).isTrue();
    }

    @Test
    void keepsTheActiveModelWhenTheCandidateIsWorseByMoreThanTheTolerance() {
        ActivationGate.Verdict verdict = ActivationGate.decide(0.77, 0.80, 0.02, "complaint-text@3", 5);
        assertThat(verdict.activate()).isFalse();
        assertThat(verdict.reason()).contains("-0.0300").endsWith("worse by more than the tolerance");
    }

    @Test
    void withNoToleranceOnlyAnEqualOrBetterCandidateIsActivated() {
        assertThat(ActivationGate.decide(0.80, 0.80, 0, "complaint-text@1", 5).activate()).isTrue();
        assertThat(ActivationGate.decide(0.7999, 0.80, 0, "complaint-text@1", 5).activate()).isFalse();
    }
}
