package io.closedloop.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerTest {

    private static final Caller LIN = Caller.person("ops-lin", List.of(Role.ADMIN), null);
    private static final Caller PIPELINE = Caller.system("deploy-pipeline", List.of(Role.ADMIN), null);

    @Test
    void aPersonIsRecordedAsThemselvesAndMayNotNameSomeoneElse() {
        assertThat(LIN.actorFor(null)).isEqualTo("ops-lin");
        assertThat(LIN.actorFor(" ")).isEqualTo("ops-lin");
        assertThat(LIN.actorFor(" ops-lin ")).isEqualTo("ops-lin");
        assertThatThrownBy(() -> LIN.actorFor("ops-wang"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ops-lin is signed in");
    }

    @Test
    void aSystemIsRecordedWithThePersonItNamesSoThatNeitherIsLost() {
        assertThat(PIPELINE.actorFor(null)).isEqualTo("deploy-pipeline");
        assertThat(PIPELINE.actorFor("ops-lin")).isEqualTo("ops-lin via deploy-pipeline");
    }

    @Test
    void aNameLongerThanAHundredCharactersIsRefused() {
        assertThatThrownBy(() -> PIPELINE.actorFor("x".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is longer than 100 characters");
    }
}
