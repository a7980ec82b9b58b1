package io.closedloop.feedback.letter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTest {

    @Test
    void aComplaintsLanguageTagChoosesChineseOrEnglishByItsPrimaryLanguage() {
        assertThat(Language.of("zh-CN", Language.EN)).isEqualTo(Language.ZH);
        assertThat(Language.of("zh-Hant-TW", Language.EN)).isEqualTo(Language.ZH);
        assertThat(Language.of("en-GB", Language.ZH)).isEqualTo(Language.EN);
        assertThat(Language.of("en_US", Language.ZH)).isEqualTo(Language.EN);
    }

    @Test
    void anyOtherOrNoLanguageFallsBackToTheDefault() {
        assertThat(Language.of(null, Language.ZH)).isEqualTo(Language.ZH);
        assertThat(Language.of(" ", Language.EN)).isEqualTo(Language.EN);
        assertThat(Language.of("fr-FR", Language.EN)).isEqualTo(Language.EN);
        assertThat(Language.of("not a tag!", Language.ZH)).isEqualTo(Language.ZH);
    }
}
