package io.closedloop.intake.channel.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LangTest {

    @Test
    void theChosenLanguageWinsThenAcceptLanguageThenEnglish() {
        assertThat(Lang.of("zh-CN", "en")).isEqualTo(Lang.ZH);
        assertThat(Lang.of("en", "zh-CN")).isEqualTo(Lang.EN);
        assertThat(Lang.of(null, "fr-FR,zh-TW;q=0.8,en;q=0.5")).isEqualTo(Lang.ZH);
        assertThat(Lang.of("fr", null)).isEqualTo(Lang.EN);
        assertThat(Lang.of(null, null)).isEqualTo(Lang.EN);
    }
}
