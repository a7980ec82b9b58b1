package io.closedloop.intake.privacy;

import io.closedloop.contract.Complainant;
import io.closedloop.intake.privacy.PersonalDetailsInText.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PersonalDetailsInTextTest {

    private static final Complainant LI_WEI = new Complainant("李伟", "13812345678", "li.wei@example.com", "C-1");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            请打13812345678联系我                    | 请打138****5678联系我
            电话：138 1234 5678，谢谢                | 电话：138****5678，谢谢
            手机 138-1234-5678。                     | 手机 138****5678。
            +86 138 1234 5678 anytime               | 138****5678 anytime
            办公室电话010-87654321                   | 办公室电话010****4321
            座机 (0755)12345678                      | 座机 075****5678
            Call me at (202) 555-0147 please        | Call me at 202****0147 please
            or +44 20 7946 0958.                    | or 442****0958.
            邮箱li.wei@example.com。                 | 邮箱l***@example.com。
            write to Wei.Li+bank@mail.example.co.uk. | write to W***@mail.example.co.uk.
            身份证号11010519491231002X，请核实        | 身份证号**************002X，请核实
            id 440306199001011236                   | id **************1236
            银行卡号 6222 0202 0011 2233 446 被扣款   | 银行卡号 ***************3446 被扣款
            card 4111111111111111 was charged twice | card ************1111 was charged twice
            我是李伟，住在朝阳区                       | 我是李*，住在朝阳区
            """)
    void masksTheDetailsAPersonTypesIntoAComplaint(String words, String masked) {
        assertThat(PersonalDetailsInText.mask(words, LI_WEI)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            订单号202611230012345678已付款199.00元
            order 4111111111111111 arrived late
            2026-11-23 14:30 送达，金额 1,299.50
            快递单号 SF1234567890123，共3件
            型号A13812345678无法开机
            证件号110105194913310021（日期不对）
            身份证号110105194912310021（校验位不对）
            请在12月3日前回复，工单2345678
            """)
    void leavesOrderNumbersAmountsDatesAndCodesAsTheyAre(String words) {
        assertThat(PersonalDetailsInText.mask(words, LI_WEI)).isEqualTo(words);
    }

    @Test
    void findsADateAndAPhoneNumberSideBySideApart() {
        assertThat(PersonalDetailsInText.mask("2026-11-23 13812345678 来电", null))
                .isEqualTo("2026-11-23 138****5678 来电");
    }

    @Test
    void namesWhatItFoundAndWhere() {
        String words = "李伟 13812345678 li@example.com";

        assertThat(PersonalDetailsInText.find(words, LI_WEI))
                .extracting(PersonalDetailsInText.Detail::kind, PersonalDetailsInText.Detail::start)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.NAME, 0),
                        org.assertj.core.groups.Tuple.tuple(Kind.PHONE, 3),
                        org.assertj.core.groups.Tuple.tuple(Kind.EMAIL, 15));
    }

    @Test
    void aOneCharacterNameIsNotMaskedEverywhereItAppears() {
        Complainant wang = new Complainant("王", null, null, "C-2");

        assertThat(PersonalDetailsInText.mask("王先生说商品有问题", wang)).isEqualTo("王先生说商品有问题");
    }

    @Test
    void leavesWordsWithoutDetailsIdentical() {
        String words = "The refrigerator I bought stopped cooling after two days.";

        assertThat(PersonalDetailsInText.mask(words, null)).isSameAs(words);
        assertThat(PersonalDetailsInText.mask(null, LI_WEI)).isNull();
    }

    @Test
    void getsThroughHostileTextWithoutScanningItAgainFromEveryPosition() {
        // each of these made a backtracking pattern scan the rest of the text from every position
        String letters = "a".repeat(100_000);
        String ats = "a@".repeat(50_000);
        String digitGroups = "1 ".repeat(50_000);
        String digits = "1".repeat(100_000);

        assertThatCode(() -> {
            for (String hostile : new String[]{letters, ats, digitGroups, digits, "(".repeat(100_000)}) {
                PersonalDetailsInText.mask(hostile, LI_WEI);
            }
        }).doesNotThrowAnyException();
        assertThat(PersonalDetailsInText.mask(digitGroups + "13812345678", null)).endsWith("138****5678");
    }

    /**
     * Any text of the characters the scanner treats specially comes to an end: "a(1" made it loop for ever on one
     * position (found by intake's HostileInputIT, a mutated complaint held the intake consumer). The timeout only
     * guards against a hang; it measures nothing.
     */
    @Test
    void everyTextOfTheCharactersItLooksAtIsScannedToTheEnd() {
        java.util.Iterator<String> texts = net.jqwik.api.Arbitraries.strings()
                .withChars("a1(0)- .+@xX卡长8613")
                .ofMaxLength(60).sampleStream().iterator();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            assertThat(PersonalDetailsInText.mask("a(1", LI_WEI)).isEqualTo("a(1");
            assertThat(PersonalDetailsInText.mask("型号x(0755)12345678", LI_WEI)).isEqualTo("型号x(0755)12345678");
            for (int i = 0; i < 20_000; i++) {
                String text = texts.next();
                assertThat(PersonalDetailsInText.mask(text, LI_WEI)).as(text).isNotNull();
            }
        });
    }

    @Test
    void checksIdentityNumbersAndCardNumbersByTheirCheckDigits() {
        assertThat(PersonalDetailsInText.identityNumber("11010519491231002X")).isTrue();
        assertThat(PersonalDetailsInText.identityNumber("110105194912310021")).isFalse();
        assertThat(PersonalDetailsInText.luhn("4111111111111111")).isTrue();
        assertThat(PersonalDetailsInText.luhn("4111111111111112")).isFalse();
    }
}
