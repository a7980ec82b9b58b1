package io.closedloop.intake.channel.web;

import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import io.closedloop.intake.channel.support.Words;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The customer complaint form ({@code /complaint.html}) as it is posted: checked field by field with messages a
 * customer understands, in the language they chose, then turned into a web-channel submission. The page's
 * {@code formId} (a UUID made when the page loads) is the channel message id, so a double click or a retry files
 * once.
 */
final class WebComplaintForm {

    static final int MAX_TEXT = 5000;
    static final int MAX_SUBJECT = 120;
    static final int MAX_NAME = 100;
    static final int MAX_SHORT = 200;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{2,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern FORM_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

    /** Where the intake's validator names a submission field, the form's field is named instead. */
    static final Map<String, String> FORM_FIELDS = Map.of(
            "channelMessageId", "formId",
            "complainant", "contact",
            "complainant.name", "name",
            "complainant.phone", "phone",
            "complainant.email", "email",
            "receivedAt", "formId");

    private WebComplaintForm() {
    }

    static ComplaintSubmission read(JsonPayload form, Lang lang, Instant now) {
        String formId = form.text("formId", false, 64);
        if (formId == null || !FORM_ID.matcher(formId).matches()) {
            form.issue("formId", new Words("页面已过期，请刷新页面后重新提交", "the page is out of date; reload it and submit again"));
        }
        String name = form.text("name", false, MAX_NAME);
        String phone = form.text("phone", false, 40);
        String email = form.text("email", false, 254);
        if (phone != null && (!PHONE.matcher(phone).matches() || phone.replaceAll("\\D", "").length() < 7)) {
            form.issue("phone", new Words("请输入有效的电话号码，例如 138 1234 5678",
                    "enter a valid phone number, e.g. +86 138 1234 5678"));
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            form.issue("email", new Words("请输入有效的邮箱地址，例如 name@example.com",
                    "enter a valid email address, e.g. name@example.com"));
        }
        if (phone == null && email == null && !hasIssue(form, "phone") && !hasIssue(form, "email")) {
            form.issue("contact", new Words("请留下手机号或邮箱，以便我们联系您，您也需要用它查询进度",
                    "give a phone number or an email address so we can reach you; you also need it to check progress"));
        }
        String subject = form.text("subject", false, MAX_SUBJECT);
        String text = form.text("text", false, MAX_TEXT);
        if (text == null && !hasIssue(form, "text")) {
            form.issue("text", new Words("请描述您遇到的问题", "describe what went wrong"));
        }
        String product = form.text("product", false, MAX_SHORT);
        String orderRef = form.text("orderRef", false, MAX_SHORT);
        String region = form.text("region", false, 100);
        form.throwIfAny(lang);
        return new ComplaintSubmission(Channel.WEB, formId, now, new Complainant(name, phone, email, null), subject,
                text, null, product, orderRef, null, List.of(), region, lang.tag(), null);
    }

    private static boolean hasIssue(JsonPayload form, String field) {
        List<Issue> issues = new ArrayList<>(form.issues());
        return issues.stream().anyMatch(i -> i.field().equals(field));
    }
}
