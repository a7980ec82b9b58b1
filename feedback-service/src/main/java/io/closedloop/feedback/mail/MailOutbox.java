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
 * long that is. The same decision makes the same row, and a row is handed to the mail server once unless the
 * outcome of a hand-over was lost (a crash, the database away); then the journal mailbox decides (see
 * {@link MailDispatcher}).
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

    /**
     * A due mail, locked.
     *
     * @param outcomeUnknown a hand-over of it began and was never marked sent or failed: the mail server may have it
     */
    record Due(OutboundMail mail, boolean outcomeUnknown) {
    }

    /** The oldest mail due for an attempt, locked so that another instance's dispatcher skips it. */
    Optional<Due> lockNextDue(Instant now) {
        return jdbc.sql("""
                        select * from outbox_mail where status = 'pending' and next_attempt_at <= :now
                        order by next_attempt_at, created_at limit 1
                        for update skip locked""")
                .param("now", ts(now))
                .query((rs, n) -> new Due(new OutboundMail(rs.getString("mail_id"), rs.getString("complaint_id"),
                        OutboundMail.Kind.of(rs.getString("kind")), rs.getInt("round"), rs.getString("recipient"),
                        Language.ofCode(rs.getString("language")), rs.getString("subject"), rs.getString("body"),
                        rs.getString("attachment_name"), rs.getBytes("attachment")),
                        rs.getTimestamp("handover_started_at") != null))
                .optional();
    }

    /**
     * Records, for its own commit before the SMTP conversation, that the mail is being handed to the server. Nobody
     * takes it up again before {@code takenUpAgainAt} (the hand-over's time limit).
     *
     * @return this hand-over's number, which {@link #lockHandover} checks
     */
    int startHandover(String mailId, Instant now, Instant takenUpAgainAt) {
        return jdbc.sql("""
                        update outbox_mail set handover_started_at = :now, handover_attempt = handover_attempt + 1,
                            next_attempt_at = :again, updated_at = :now
                        where mail_id = :id and status = 'pending' returning handover_attempt""")
                .param("id", mailId).param("now", ts(now)).param("again", ts(takenUpAgainAt))
                .query(Integer.class).single();
    }

    /**
     * Locks the mail for the SMTP conversation and its outcome, if it is still pending in this hand-over (not
     * cancelled meanwhile, not taken up by another instance).
     */
    boolean lockHandover(String mailId, int handoverAttempt) {
        return jdbc.sql("""
                        select mail_id from outbox_mail
                        where mail_id = :id and status = 'pending' and handover_attempt = :attempt
                          and handover_started_at is not null
                        for update""")
                .param("id", mailId).param("attempt", handoverAttempt)
                .query(String.class).optional().isPresent();
    }

    void sent(String mailId, Instant at) {
        jdbc.sql("""
                        update outbox_mail set status = 'sent', sent_at = :at, attempts = attempts + 1,
                            last_error = null, updated_at = :at
                        where mail_id = :id""")
                .param("id", mailId).param("at", ts(at)).update();
    }

    /**
     * An attempt failed; the mail is tried again at {@code nextAttemptAt}.
     *
     * @param outcomeKnown true if the server surely does not have the mail (the hand-over is over); false if it
     *                     may (the journal is asked first next time)
     * @return the attempts made so far
     */
    int failed(String mailId, String error, Instant now, Instant nextAttemptAt, boolean outcomeKnown) {
        return jdbc.sql("""
                        update outbox_mail set attempts = attempts + 1, last_error = :error,
                            next_attempt_at = :next, updated_at = :now,
                            handover_started_at = case when :known then null else handover_started_at end
                        where mail_id = :id returning attempts""")
                .param("id", mailId)
                .param("error", error.length() > 2000 ? error.substring(0, 2000) : error)
                .param("next", ts(nextAttemptAt))
                .param("now", ts(now))
                .param("known", outcomeKnown)
                .query(Integer.class).single();
    }

    /** The hand-over did not begin after all (the circuit opened meanwhile): the mail is due again, untouched. */
    void handoverNotBegun(String mailId, Instant now) {
        jdbc.sql("""
                        update outbox_mail set handover_started_at = null, next_attempt_at = :now, updated_at = :now
                        where mail_id = :id""")
                .param("id", mailId).param("now", ts(now)).update();
    }

    int attempts(String mailId) {
        return jdbc.sql("select attempts from outbox_mail where mail_id = ?").param(mailId)
                .query(Integer.class).single();
    }

    /**
     * For people: mails by status, newest first, without their content. {@code outcomeUnknown}: a pending mail whose
     * last hand-over to the server has no recorded outcome (being handed over now, or cut short by a crash or the
     * database going away); the journal mailbox is asked before it is sent again.
     */
    public List<Map<String, Object>> list(String status, String complaintId, int limit) {
        return jdbc.sql("""
                        select mail_id, complaint_id, kind, round, language, status, attempts, next_attempt_at,
                            last_error, created_at, sent_at, handover_started_at
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
                    row.put("handoverStartedAt", instant(rs.getTimestamp("handover_started_at")));
                    row.put("outcomeUnknown", "pending".equals(rs.getString("status"))
                            && rs.getTimestamp("handover_started_at") != null);
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
