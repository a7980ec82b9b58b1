package io.closedloop.feedback.letter;

import io.closedloop.contract.TrackingNumbers;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import io.closedloop.feedback.TestProperties;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LettersTest {

    static final Instant NOW = Instant.parse("2026-10-12T02:00:00Z");
    static final LetterPdf PDF = new LetterPdf();
    final Letters letters = new Letters(new Templates(), PDF, TestProperties.defaults());

    static ResultFacts everything() {
        return new ResultFacts("C-1042", "王芳", Instant.parse("2026-09-30T01:55:00Z"), "刹车异响",
                "更换了左前刹车片", "三次试车均无异响", List.of("使用原厂刹车片", "  "), "一个月后电话回访，期间免费检查",
                List.of("代金券 199.00 CNY（已支付）"), "https://feedback.example.com/survey/tok123",
                Instant.parse("2026-11-11T02:00:00Z"));
    }

    static ResultFacts solutionOnly() {
        return new ResultFacts("C-2001", null, Instant.parse("2026-09-30T01:55:00Z"), "Kettle leaks",
                "We replaced the kettle.", null, null, null, List.of(),
                "https://feedback.example.com/survey/tok456", Instant.parse("2026-11-11T02:00:00Z"));
    }

    @Test
    void aChineseLetterSaysHowItWasResolvedTheEffectTheSuggestionsTakenAndTheFollowUp() {
        Written letter = letters.result(everything(), Language.ZH, NOW);

        assertThat(letter.subject()).isEqualTo("您的投诉处理结果（查询编号 " + TrackingNumbers.forComplaint("C-1042") + "）：刹车异响");
        assertThat(letter.body())
                .startsWith("尊敬的王芳：")
                .contains("2026年9月30日", "## 处理结果\n更换了左前刹车片", "## 处理效果\n三次试车均无异响",
                        "## 采纳您的建议", "- 使用原厂刹车片", "## 补偿\n- 代金券 199.00 CNY（已支付）",
                        "## 后续服务\n一个月后电话回访，期间免费检查", "https://feedback.example.com/survey/tok123",
                        "2026年11月11日前有效", "查询编号：" + TrackingNumbers.forComplaint("C-1042") + "（投诉编号 C-1042）", "客户服务中心 Customer Service\n2026年10月12日")
                .doesNotContain("- \n", "\n\n\n");
    }

    @Test
    void anEnglishLetterWithOnlyTheSolutionSaysTheStandardWordsForTheRest() {
        Written letter = letters.result(solutionOnly(), Language.EN, NOW);

        assertThat(letter.subject()).isEqualTo("The result of your complaint " + TrackingNumbers.forComplaint("C-2001") + ": Kettle leaks");
        assertThat(letter.body())
                .startsWith("Dear customer,")
                .contains("on 30 September 2026", "## How it was resolved\nWe replaced the kettle.",
                        "## The effect\nThe measures above have been carried out",
                        "## Your suggestions\nThis resolution did not involve a specific suggestion of yours",
                        "## Follow-up service\nIf the problem comes back", "until 11 November 2026",
                        "Tracking number: " + TrackingNumbers.forComplaint("C-2001") + " (complaint reference C-2001)")
                .doesNotContain("Compensation", "{{", "\n\n\n");
    }

    @Test
    void theChaseReminderAsksAgainWithTheSurveyLinkInTheCustomersLanguage() {
        Written zh = letters.chaseReminder(everything(), Language.ZH, NOW);
        Written en = letters.chaseReminder(solutionOnly(), Language.EN, NOW);

        assertThat(zh.subject()).isEqualTo("提醒：请确认您的投诉是否已解决（刹车异响）");
        assertThat(zh.body()).contains("更换了左前刹车片", "https://feedback.example.com/survey/tok123");
        assertThat(en.subject()).isEqualTo("Reminder: is your complaint solved? (Kettle leaks)");
        assertThat(en.body()).contains("https://feedback.example.com/survey/tok456");
    }

    @Test
    void thePrintableLetterCarriesTheChineseTextInAnEmbeddedFont() throws Exception {
        Written letter = letters.result(everything(), Language.ZH, NOW);

        byte[] pdf = letters.pdf(letter, NOW);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "result-letter-zh.pdf"), pdf);

        PdfReader reader = new PdfReader(pdf);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("您的投诉处理结果", "更换了左前刹车片", "三次试车均无异响", "使用原厂刹车片",
                "一个月后电话回访");
        assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("/FontFile2");
        assertThat(reader.getInfo().get("CreationDate")).startsWith("D:20261012020000");
    }
}
