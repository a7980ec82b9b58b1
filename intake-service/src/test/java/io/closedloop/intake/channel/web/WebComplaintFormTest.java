package io.closedloop.intake.channel.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebComplaintFormTest {

    static final Instant NOW = Instant.parse("2026-11-23T01:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static ComplaintSubmission read(String json, Lang lang) throws Exception {
        JsonNode node = JSON.readTree(json);
        return WebComplaintForm.read(JsonPayload.of(node, lang), lang, NOW);
    }

    static Map<String, String> messages(String json, Lang lang) {
        ChannelProblem problem = catchThrowableOfType(ChannelProblem.class, () -> read(json, lang));
        assertThat(problem.status()).isEqualTo(400);
        return problem.issues().stream().collect(Collectors.toMap(Issue::field, i -> i.words().in(lang)));
    }

    @Test
    void aFilledInFormBecomesAWebSubmissionInTheChosenLanguageWithTheFormIdAsItsKey() throws Exception {
        ComplaintSubmission s = read("""
                {"formId": "0b7e8c3a-5d5e-4c1b-9a59-3c8d2f1b7a10", "language": "en", "name": "Li Lei",
                 "phone": "+86 138 1234 5678", "email": " li.lei@example.com ", "subject": "Late delivery",
                 "text": "Order A-100 has not shipped for ten days.", "product": "Kettle K2", "orderRef": "A-100"}
                """, Lang.EN);

        assertThat(s.channel()).isEqualTo(Channel.WEB);
        assertThat(s.channelMessageId()).isEqualTo("0b7e8c3a-5d5e-4c1b-9a59-3c8d2f1b7a10");
        assertThat(s.receivedAt()).isEqualTo(NOW);
        assertThat(s.language()).isEqualTo("en");
        assertThat(s.complainant().phone()).isEqualTo("+86 138 1234 5678");
        assertThat(s.complainant().email()).isEqualTo("li.lei@example.com");
        assertThat(s.text()).isEqualTo("Order A-100 has not shipped for ten days.");
        assertThat(s.orderRef()).isEqualTo("A-100");
    }

    @Test
    void anEmptyFormIsToldEveryMissingFieldInChinese() {
        Map<String, String> messages = messages("{\"formId\": \"0b7e8c3a-5d5e-4c1b\"}", Lang.ZH);

        assertThat(messages).containsOnlyKeys("text", "contact");
        assertThat(messages.get("text")).isEqualTo("请描述您遇到的问题");
        assertThat(messages.get("contact")).startsWith("请留下手机号或邮箱");
    }

    @Test
    void aWrongPhoneAndEmailAreToldInEnglishNextToThoseFields() {
        Map<String, String> messages = messages("""
                {"formId": "0b7e8c3a-5d5e-4c1b", "text": "broken", "phone": "call me", "email": "li.lei at example"}
                """, Lang.EN);

        assertThat(messages).containsOnlyKeys("phone", "email");
        assertThat(messages.get("phone")).startsWith("enter a valid phone number");
        assertThat(messages.get("email")).startsWith("enter a valid email address");
    }

    @Test
    void aTooShortPhoneNumberIsRefusedBecauseNobodyCouldCallItBack() {
        assertThat(messages("{\"formId\": \"0b7e8c3a-5d5e\", \"text\": \"x\", \"phone\": \"123\"}", Lang.EN))
                .containsOnlyKeys("phone");
    }

    @Test
    void aFormWithoutItsIdIsToldToReloadThePage() {
        assertThat(messages("{\"text\": \"x\", \"email\": \"a@b.cn\"}", Lang.ZH))
                .containsEntry("formId", "页面已过期，请刷新页面后重新提交");
    }

    @Test
    void overlongTextIsRefusedWithTheLimit() {
        String text = "很".repeat(WebComplaintForm.MAX_TEXT + 1);
        assertThat(messages("{\"formId\": \"0b7e8c3a-5d5e\", \"email\": \"a@b.cn\", \"text\": \"" + text + "\"}", Lang.ZH))
                .containsEntry("text", "不能超过 5000 个字符");
    }
}
