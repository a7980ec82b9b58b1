package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeatureSettingsTest {

    @Test
    void readsBackWhatItDescribes() {
        FeatureSettings settings = FeatureSettings.parse("char-bigrams, words", 3);
        assertThat(settings).isEqualTo(new FeatureSettings(true, false, true, 3));
        assertThat(FeatureSettings.parse(settings.describe(), 3)).isEqualTo(settings);
    }

    @Test
    void refusesAnUnknownKindOrNoKindAtAll() {
        assertThatThrownBy(() -> FeatureSettings.parse("words,trigrams", 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown kind 'trigrams'");
        assertThatThrownBy(() -> FeatureSettings.parse("", 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one");
    }
}
