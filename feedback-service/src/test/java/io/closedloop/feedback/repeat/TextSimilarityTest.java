package io.closedloop.feedback.repeat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextSimilarityTest {

    @Test
    void theSameProblemInOtherWordsIsAlikeInChineseAndInEnglish() {
        assertThat(TextSimilarity.of("新车刹车有异响，4S店说正常", "刹车又有异响了，新车")).isGreaterThan(0.35);
        assertThat(TextSimilarity.of("My parcel is two weeks late, order 1042",
                "My parcel is two weeks late again, order 1042")).isGreaterThan(0.8);
    }

    @Test
    void differentProblemsAreNotAlike() {
        assertThat(TextSimilarity.of("洗衣机漏水", "烤箱完全不加热了")).isLessThan(0.2);
        assertThat(TextSimilarity.of("The kettle leaks", "My invoice is wrong")).isLessThan(0.3);
    }

    @Test
    void caseWidthAndPunctuationDoNotMatterAndNothingIsLikeNothing() {
        assertThat(TextSimilarity.of("ＳＵＶ－Ｘ 刹车！", "suv-x刹车")).isEqualTo(1.0);
        assertThat(TextSimilarity.of(null, "刹车")).isZero();
        assertThat(TextSimilarity.of("", "")).isZero();
    }
}
