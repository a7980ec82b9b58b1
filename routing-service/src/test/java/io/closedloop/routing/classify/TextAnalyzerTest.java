package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

    private static final TextAnalyzer analyzer = new TextAnalyzer();

    @Test
    void segmentsAChineseSentenceIntoWords() {
        assertThat(analyzer.tokens("快递员态度恶劣，包裹破损了"))
                .contains("快递", "态度", "恶劣", "包裹", "破损");
    }

    @Test
    void lowerCasesAndStemsAnEnglishSentence() {
        assertThat(analyzer.tokens("The Courier threw my PACKAGES over the fence"))
                .containsExactly("courier", "threw", "my", "packag", "over", "fenc");
    }

    @Test
    void handlesChineseAndEnglishMixedInOneText() {
        assertThat(analyzer.tokens("我的iPhone屏幕碎了, refund please"))
                .contains("iphon", "屏幕", "refund", "pleas")
                .doesNotContain("我的", "的");
    }

    @Test
    void dropsStopWordsOfBothLanguagesAndBareNumbers() {
        assertThat(analyzer.tokens("这个 的 了 and the of it 12345 订单"))
                .containsExactly("订单");
    }

    @Test
    void givesNoWordsForBlankOrMissingText() {
        assertThat(analyzer.tokens("  ")).isEmpty();
        assertThat(analyzer.tokens(null)).isEmpty();
    }

    @Test
    void pairsHanCharactersWithinARunButNotAcrossOtherText() {
        assertThat(analyzer.hanCharacterBigrams("退款难 ok 客服"))
                .containsExactly("退款", "款难", "客服");
    }

    @Test
    void findsTopicKeywordsThatRecurInTheText() {
        String text = "物流太慢，快递一周还没到。快递公司客服说物流中转延误，快递单号查不到物流信息。";
        assertThat(analyzer.topicKeywords(text, 3)).hasSize(3).contains("物流", "快递");
    }

    @Test
    void findsTopicKeywordsInEnglishText() {
        assertThat(analyzer.topicKeywords("Refund refused. I asked for a refund twice and the refund never came.", 2))
                .contains("refund");
    }
}
