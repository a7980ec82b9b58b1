package io.closedloop.feedback.mail;

import io.closedloop.feedback.letter.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code outbox_mail} table: every mail this service decided to send, written in the same transaction as the
 * decision, then sent by {@link MailDispatcher}. A mail waits (pending) until the mail server takes it, however
 * long that is; it is never sent twice by design (a row is sent once, and the same decision makes the same row).
 */
@Repository
public class MailOutbox {

    private final JdbcClient jdbc;

    public MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if this mail was decided before (nothing changes then) */
    public boolean queue(OutboundMail mail, Instant now) {
        return jdbc.sql("""
                        insert into outbox_mail (mail_id, complaint_id, kind, round, recipient, language, subject,
                            body, attachment_name, attachment, status, attempts, next_attempt_at, created_at)
                        values (:id, :complaintId, :kind, :round, :recipient, :language, :subject, :body,
                            :attachmentName, :attachment, 'pending', 0, :now, :now)
                        on conflict (mail_id) do nothing""")
                .param("id", mail.mailId())
                .param("complaintId", mail.complaintId())
                .param("kind", mail.kind().code())
                .param("round", mail.round())
                .param("recipient", mail.recipient())
                .param("language", mail.language().code())
                .param("subject", mail.subject())
                .param("body", mail.body())
                .param("attachmentName", mail.attachmentName())
                .param("attachment", mail.attachment())
                .param("now", ts(now))
                .update() == 1;
    }

    /** Pending mails of a complaint that a later fact made pointless (reopened, withdrawn) are not sent. */
    public int cancelPending(String complaintId, String reason, Instant now) {
        return jdbc.sql("""
                        update outbox_mail set status = 'cancelled', last_error = :reason, updated_at = :now
                        where complaint_id = :id and status = 'pending'""")
                .param("id", complaintId).param("reason", reason).param("now", ts(now))
                .update();
    }

    /**
     * The complainant was erased: mails not yet sent are cancelled, and sent ones keep only that they were sent -
     * not to whom, what they said or the letter attached.
     */
    public void forgetRecipient(String complaintId, Instant now) {
        cancelPending(complaintId, "the customer's personal data was erased at their request", now);
        jdbc.sql("""
                        update outbox_mail set recipient = '', body = '', attachment = null, updated_at = :now
                        where complaint_id = :id""")
                .param("id", complaintId).param("now", ts(now)).update();
    }

    /** The oldest mail due for an attempt, locked so that another instance's dispatcher skips it. */
    Optional<OutboundMail> lockNextDue(Instant now) {
        return jdbc.sql("""
                        select * from outbox_mail where status = 'pending' and next_attempt_at <= :now
                        order by next_attempt_at, created_at limit 1
                        for update skip locked""")
                .param("now", ts(now))
                .query((rs, n) -> new OutboundMail(rs.getString("mail_id"), rs.getString("complaint_id"),
                        OutboundMail.Kind.of(rs.getString("kind")), rs.getInt("round"), rs.getString("recipient"),
                        Language.ofCode(rs.getString("language")), rs.getString("subject"), rs.getString("body"),
                        rs.getString("attachment_name"), rs.getBytes("attachment")))
                .optional();
    }

    void sent(String mailId, Instant at) {
        jdbc.sql("""
                        update outbox_mail set status = 'sent', sent_at = :at, attempts = attempts + 1,
                            last_error = null, updated_at = :at
                        where mail_id = :id""")
                .param("id", mailId).param("at", ts(at)).update();
    }

    /** @return the attempts made so far */
    int failed(String mailId, String error, Instant now, Instant nextAttemptAt) {
        return jdbc.sql("""
                        update outbox_mail set attempts = attempts + 1, last_error = :error,
                            next_attempt_at = :next, updated_at = :now
                        where mail_id = :id returning attempts""")
                .param("id", mailId)
                .param("error", error.length() > 2000 ? error.substring(0, 2000) : error)
                .param("next", ts(nextAttemptAt))
                .param("now", ts(now))
                .query(Integer.class).single();
    }

    int attempts(String mailId) {
        return jdbc.sql("select attempts from outbox_mail where mail_id = ?").param(mailId)
                .query(Integer.class).single();
    }

    /** For people: mails by status (pending ones first by when they are next tried), without their content. */
    public List<Map<String, Object>> list(String status, String complaintId, int limit) {
        return jdbc.sql("""
                        select mail_id, complaint_id, kind, round, language, status, attempts, next_attempt_at,
                            last_error, created_at, sent_at
                        from outbox_mail
                        where (:status::text is null or status = :status)
                          and (:complaintId::text is null or complaint_id = :complaintId)
                        order by created_at desc, mail_id limit :limit""")
                .param("status", status).param("complaintId", complaintId).param("limit", limit)
                .query((rs, n) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("mailId", rs.getString("mail_id"));
                    row.put("complaintId", rs.getString("complaint_id"));
                    row.put("kind", rs.getString("kind"));
                    row.put("round", rs.getInt("round"));
                    row.put("language", rs.getString("language"));
                    row.put("status", rs.getString("status"));
                    row.put("attempts", rs.getInt("attempts"));
                    row.put("nextAttemptAt", instant(rs.getTimestamp("next_attempt_at")));
                    row.put("lastError", rs.getString("last_error"));
                    row.put("createdAt", instant(rs.getTimestamp("created_at")));
                    row.put("sentAt", instant(rs.getTimestamp("sent_at")));
                    return row;
                })
                .list();
    }

    long countPending() {
        return jdbc.sql("select count(*) from outbox_mail where status = 'pending'").query(Long.class).single();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
