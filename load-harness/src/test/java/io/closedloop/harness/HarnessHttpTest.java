package io.closedloop.harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HarnessHttpTest {

    @AfterEach
    void noKey() {
        HarnessHttp.configure(null, Map.of());
    }

    @Test
    void theOptionWinsOverTheEnvironmentAndBlankIsNoKey() {
        assertThat(HarnessHttp.resolveKey("k1", Map.of(HarnessHttp.API_KEY_ENV, "k2"))).isEqualTo("k1");
        assertThat(HarnessHttp.resolveKey(null, Map.of(HarnessHttp.API_KEY_ENV, "k2"))).isEqualTo("k2");
        assertThat(HarnessHttp.resolveKey(" ", Map.of())).isNull();
    }

    @Test
    void requestsCarryTheKeyOnlyWhenOneIsConfigured() {
        assertThat(HarnessHttp.request("http://localhost:1/x").GET().build().headers()
                .firstValue(HarnessHttp.API_KEY_HEADER)).isEmpty();
        HarnessHttp.configure("secret", Map.of());
        assertThat(HarnessHttp.request("http://localhost:1/x").GET().build().headers()
                .firstValue(HarnessHttp.API_KEY_HEADER)).hasValue("secret");
    }
}
