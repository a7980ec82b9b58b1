package io.closedloop.intake.channel.email.parse;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;

import java.util.List;
import java.util.Locale;

/**
 * Recognises mail no person wrote: auto-replies (out of office, "we received your mail") and bounces (delivery
 * status notifications). Filing them would open complaints nobody made, and answering them would start a loop of
 * acknowledgements between two robots. The headers are the reliable signs (RFC 3834 {@code Auto-Submitted}, the
 * {@code X-Autoreply}/{@code X-Autorespond} and {@code Precedence} headers Exchange, Postfix and mailing lists set,
 * RFC 3464 reports); the subject is only a hint, taken when a client sets none of them.
 */
final class AutoReplies {

    private static final List<String> BOUNCE_SENDERS = List.of("mailer-daemon@", "postmaster@");
    private static final List<String> SUBJECT_HINTS = List.of(
            "out of office", "out-of-office", "automatic reply", "auto reply", "autoreply", "auto:",
            "undeliverable:", "undelivered mail", "delivery status notification", "mail delivery failed",
            "returned mail:", "自动回复", "自動回覆", "自动答复", "退信", "系统退信", "投递失败");

    private AutoReplies() {
    }

    /** Why this mail is an auto-reply or a bounce, or null when a person wrote it. */
    static String reason(MimeMessage message, String senderAddress, String subject) throws MessagingException {
        String autoSubmitted = first(message, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return "Auto-Submitted: " + autoSubmitted.strip();
        }
        for (String header : List.of("X-Autoreply", "X-Autorespond", "X-Autoresponse")) {
            String value = first(message, header);
            if (value != null) {
                return header + ": " + value.strip();
            }
        }
        String precedence = first(message, "Precedence");
        if (precedence != null && List.of("bulk", "junk", "auto_reply", "list")
                .contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return "Precedence: " + precedence.strip();
        }
        String contentType = first(message, "Content-Type");
        if (contentType != null) {
            try {
                ContentType type = new ContentType(contentType);
                if (type.match("multipart/report")) {
                    String reportType = type.getParameter("report-type");
                    return "a delivery report (multipart/report"
                            + (reportType == null ? "" : "; report-type=" + reportType) + ")";
                }
            } catch (ParseException e) {
                // an unreadable Content-Type is for the body parser to judge, not a sign of a robot
            }
        }
        if (senderAddress != null) {
            String sender = senderAddress.toLowerCase(Locale.ROOT);
            for (String robot : BOUNCE_SENDERS) {
                if (sender.startsWith(robot)) {
                    return "sent by " + senderAddress + " (a bounce)";
                }
            }
        }
        if (subject != null) {
            String s = subject.strip().toLowerCase(Locale.ROOT);
            for (String hint : SUBJECT_HINTS) {
                if (s.startsWith(hint)) {
                    return "the subject \"" + subject.strip() + "\" reads as an auto-reply";
                }
            }
        }
        return null;
    }

    private static String first(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
