package io.closedloop.intake.channel.email.store;

import io.closedloop.intake.channel.email.parse.EmailAttachment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The email channel's tables: every mail received and what became of it, and the attachments by content. */
@Repository
public class EmailMessages {

    public static final String FILED = "filed";
    public static final String DUPLICATE = "duplicate";
    public static final String AUTO_REPLY = "auto_reply";
    public static final String UNPARSEABLE = "unparseable";
    /** the customer's further mail about a complaint of theirs: added to it, not filed as another */
    public static final String REPLY = "reply";
    public static final List<String> OUTCOMES = List.of(FILED, DUPLICATE, REPLY, AUTO_REPLY, UNPARSEABLE);

    private static final String COLUMNS = "id, message_key, message_id, outcome, reason, notes, sender, subject, "
            + "complaint_id, tracking_number, received_at, arrived_at, processed_at";
    private static final RowMapper<EmailRecord> ROW = (rs, n) -> new EmailRecord(rs.getLong("id"),
            rs.getString("message_key"), rs.getString("message_id"), rs.getString("outcome"), rs.getString("reason"),
            rs.getString("notes"), rs.getString("sender"), rs.getString("subject"), rs.getString("complaint_id"),
            rs.getString("tracking_number"), instant(rs.getTimestamp("received_at")),
            instant(rs.getTimestamp("arrived_at")), instant(rs.getTimestamp("processed_at")));

    private final JdbcTemplate jdbc;

    public EmailMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What became of one mail; {@code raw} only for one kept to be re-processed. */
    public record Entry(String messageKey, String messageId, String outcome, String reason, String notes,
                        String sender, String subject, String complaintId, String trackingNumber,
                        Instant receivedAt, Instant arrivedAt, Instant processedAt, byte[] raw) {
    }

    public long record(Entry e) {
        return jdbc.queryForObject("INSERT INTO email_message (message_key, message_id, outcome, reason, notes, "
                        + "sender, subject, complaint_id, tracking_number, received_at, arrived_at, processed_at, raw) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", Long.class,
                cut(e.messageKey(), 300), cut(e.messageId(), 1000), e.outcome(), e.reason(), e.notes(),
                cut(e.sender(), 320), cut(e.subject(), 1000), e.complaintId(), e.trackingNumber(),
                ts(e.receivedAt()), ts(e.arrivedAt()), ts(e.processedAt()), e.raw());
    }

    /** Replaces what became of a kept mail after it was processed again; the raw mail goes once it is filed. */
    public void update(long id, Entry e) {
        jdbc.update("UPDATE email_message SET message_key = ?, message_id = ?, outcome = ?, reason = ?, notes = ?, "
                        + "sender = ?, subject = ?, complaint_id = ?, tracking_number = ?, received_at = ?, "
                        + "processed_at = ?, raw = ? WHERE id = ?",
                cut(e.messageKey(), 300), cut(e.messageId(), 1000), e.outcome(), e.reason(), e.notes(),
                cut(e.sender(), 320), cut(e.subject(), 1000), e.complaintId(), e.trackingNumber(),
                ts(e.receivedAt()), ts(e.processedAt()), e.raw(), id);
    }

    /**
     * The complaint an earlier mail from this sender, one of these message keys, was filed under or added to: a
     * customer's answer to their own mail (or to a copy of it) stays with its complaint.
     */
    public Optional<String> complaintOfEarlierMail(List<String> messageKeys, String sender) {
        for (String key : messageKeys) {
            List<String> found = jdbc.queryForList("SELECT complaint_id FROM email_message WHERE message_key = ? "
                    + "AND complaint_id IS NOT NULL AND lower(sender) = lower(?) ORDER BY id DESC LIMIT 1",
                    String.class, key, sender);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    /** The complaint a mail with this key was added to as a reply before, if it was. */
    public Optional<String> complaintAddedTo(String messageKey) {
        return jdbc.queryForList("SELECT complaint_id FROM email_message WHERE message_key = ? AND outcome = ? "
                + "ORDER BY id LIMIT 1", String.class, messageKey, REPLY).stream().findFirst();
    }

    /** Whether an unparseable mail with this key was kept before (a redelivery of the same bytes). */
    public boolean keptUnparseable(String messageKey) {
        return !jdbc.queryForList("SELECT 1 FROM email_message WHERE message_key = ? AND outcome = ? LIMIT 1",
                Integer.class, messageKey, UNPARSEABLE).isEmpty();
    }

    public List<EmailRecord> list(String outcome, int limit) {
        if (outcome == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM email_message ORDER BY id DESC LIMIT ?", ROW, limit);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM email_message WHERE outcome = ? ORDER BY id DESC LIMIT ?",
                ROW, outcome, limit);
    }

    public Optional<EmailRecord> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM email_message WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** The raw mail of a kept one, to process it again. */
    public Optional<byte[]> raw(long id) {
        return jdbc.query("SELECT raw FROM email_message WHERE id = ? AND raw IS NOT NULL",
                (rs, n) -> rs.getBytes(1), id).stream().findFirst();
    }

    public void storeAttachment(EmailAttachment a, Instant now) {
        jdbc.update("INSERT INTO email_attachment (sha256, content_type, size_bytes, content, stored_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING", a.sha256(), cut(a.contentType(), 100),
                a.size(), a.bytes(), ts(now));
    }

    public Optional<byte[]> attachment(String sha256) {
        return jdbc.query("SELECT content FROM email_attachment WHERE sha256 = ?", (rs, n) -> rs.getBytes(1), sha256)
                .stream().findFirst();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
