package io.closedloop.intake.channel.email.ack;

import io.closedloop.intake.channel.email.settings.EmailProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The acknowledgement outbox ({@code email_acknowledgement}): one row per complaint, written in the same transaction
 * as the record of the mail, sent later by {@link AcknowledgementDispatcher}. The complaint id is the key, so a mail
 * delivered again never acknowledges twice, and one whose record was lost in a crash is acknowledged on redelivery.
 */
@Repository
public class Acknowledgements {

    private static final DateTimeFormatter ZH_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");
    private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", java.util.Locale.ENGLISH);

    private static final String ACK_ID_PREFIX = "ack.";
    private static final String ACK_ID_DOMAIN = "@closed-loop";

    private final JdbcTemplate jdbc;
    private final EmailProperties properties;

    public Acknowledgements(JdbcTemplate jdbc, EmailProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** What the acknowledgement is about. */
    public record About(String complaintId, String trackingNumber, String recipient, String recipientName,
                        String subject, Instant receivedAt, boolean chinese, String inReplyTo) {
    }

    /** Queues the acknowledgement of a complaint, unless it was queued before. */
    public void queue(About about, Instant now) {
        if (!properties.ack().enabled()) {
            return;
        }
        boolean zh = about.chinese();
        String subject = zh ? "我们已收到您的投诉（查询编号 " + about.trackingNumber() + "）"
                : "We have received your complaint (tracking number " + about.trackingNumber() + ")";
        jdbc.update("INSERT INTO email_acknowledgement (complaint_id, recipient, language, subject, body, in_reply_to, "
                        + "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (complaint_id) DO NOTHING",
                about.complaintId(), about.recipient(), zh ? "zh-CN" : "en", subject, body(about, zh),
                about.inReplyTo(), Timestamp.from(now), Timestamp.from(now));
    }

    String body(About about, boolean zh) {
        ZonedDateTime received = about.receivedAt().atZone(properties.ack().zone());
        String mailSubject = about.subject() == null ? "" : about.subject();
        String statusPage = properties.ack().statusPageUrl();
        if (zh) {
            String greeting = about.recipientName() == null ? "您好：" : "尊敬的" + about.recipientName() + "您好：";
            return String.join("\n",
                    greeting,
                    "",
                    "我们已收到您于 " + ZH_TIME.format(received) + " 发来的邮件" + (mailSubject.isEmpty() ? "" : "《" + mailSubject + "》")
                            + "，并已登记为投诉。",
                    "",
                    "查询编号：" + about.trackingNumber(),
                    "",
                    "您可以在 " + statusPage + " 输入查询编号和您的邮箱地址，随时查看处理进度。",
                    "如需补充情况，请直接回复此邮件，或发送新邮件并在主题中注明查询编号。",
                    "",
                    "此邮件由系统自动发送。",
                    "客户服务中心");
        }
        String greeting = about.recipientName() == null ? "Hello," : "Dear " + about.recipientName() + ",";
        return String.join("\n",
                greeting,
                "",
                "We received your email" + (mailSubject.isEmpty() ? "" : " \"" + mailSubject + "\"") + " of "
                        + EN_TIME.format(received) + " and have registered it as a complaint.",
                "",
                "Tracking number: " + about.trackingNumber(),
                "",
                "You can follow its progress at " + statusPage + " with the tracking number and your email address.",
                "To add anything, reply to this email, or send a new one with the tracking number in the subject.",
                "",
                "This message was sent automatically.",
                "Customer Service");
    }

    /**
     * The Message-ID our acknowledgement of a complaint is sent with: a customer's reply names it in In-Reply-To,
     * which is how the reply finds its complaint.
     */
    public static String messageIdOf(String complaintId) {
        return ACK_ID_PREFIX + complaintId + ACK_ID_DOMAIN;
    }

    /**
     * The complaint whose acknowledgement one of these message keys is and which was sent to this address: a
     * reply from someone else to a forwarded acknowledgement does not count.
     */
    public Optional<String> complaintAcknowledged(List<String> messageKeys, String recipient) {
        for (String key : messageKeys) {
            if (key.startsWith(ACK_ID_PREFIX) && key.endsWith(ACK_ID_DOMAIN)) {
                String complaintId = key.substring(ACK_ID_PREFIX.length(), key.length() - ACK_ID_DOMAIN.length());
                List<String> found = jdbc.queryForList("SELECT complaint_id FROM email_acknowledgement "
                        + "WHERE complaint_id = ? AND lower(recipient) = lower(?)", String.class, complaintId, recipient);
                if (!found.isEmpty()) {
                    return Optional.of(found.get(0));
                }
            }
        }
        return Optional.empty();
    }

    /** The next acknowledgement due, locked for this transaction (other instances skip it). */
    Optional<Acknowledgement> lockNextDue(Instant now) {
        return jdbc.query("SELECT complaint_id, recipient, language, subject, body, in_reply_to, attempts "
                        + "FROM email_acknowledgement WHERE sent_at IS NULL AND next_attempt_at <= ? "
                        + "ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                (rs, n) -> new Acknowledgement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7)), Timestamp.from(now)).stream().findFirst();
    }

    void sent(String complaintId, Instant at) {
        jdbc.update("UPDATE email_acknowledgement SET sent_at = ?, attempts = attempts + 1, last_error = NULL "
                + "WHERE complaint_id = ?", Timestamp.from(at), complaintId);
    }

    void failed(String complaintId, String error, Instant nextAttempt) {
        jdbc.update("UPDATE email_acknowledgement SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                + "WHERE complaint_id = ?", error, Timestamp.from(nextAttempt), complaintId);
    }

    public int countPending() {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM email_acknowledgement WHERE sent_at IS NULL", Integer.class);
        return n == null ? 0 : n;
    }

}
