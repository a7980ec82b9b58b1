package io.closedloop.analytics.hotspot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordsTest {

    @Test
    void takesTheNounsOfAChineseComplaintMostUsedFirst() {
        assertThat(Keywords.of("刹车异响", "新车低速刹车时左前轮有明显异响，刹车异响让我很担心安全。"))
                .startsWith("刹车", "异响")
                .hasSizeLessThanOrEqualTo(Keywords.MAX_KEYWORDS);
    }

    @Test
    void takesTheWordsOfAnEnglishComplaintButNotItsStopWords() {
        assertThat(Keywords.of(null, "I was charged twice for my credit card payment; the credit card company "
                + "never answered."))
                .startsWith("credit", "card")
                .doesNotContain("the", "was", "company", "never");
    }

    @Test
    void givesNothingForNothing() {
        assertThat(Keywords.of(null, "  ")).isEmpty();
        assertThat(Keywords.of(null, null)).isEmpty();
    }
}
