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
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheDemoKey() {
        assertThat(HarnessHttp.resolveKey("k1", Map.of(HarnessHttp.API_KEY_ENV, "k2"))).isEqualTo("k1");
        assertThat(HarnessHttp.resolveKey(null, Map.of(HarnessHttp.API_KEY_ENV, "k2"))).isEqualTo("k2");
        assertThat(HarnessHttp.resolveKey(" ", Map.of())).isEqualTo("demo-admin-key");
    }

    @Test
    void everyRequestCarriesTheConfiguredKeyOrTheDemoOne() {
        assertThat(HarnessHttp.request("http://localhost:1/x").GET().build().headers()
                .firstValue(HarnessHttp.API_KEY_HEADER)).hasValue("demo-admin-key");
        HarnessHttp.configure("secret", Map.of());
        assertThat(HarnessHttp.request("http://localhost:1/x").GET().build().headers()
                .firstValue(HarnessHttp.API_KEY_HEADER)).hasValue("secret");
    }
}
