package io.closedloop.intake.privacy;

import io.closedloop.contract.Actor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Erases a person at their request (PIPL art. 47, GDPR art. 17) by crypto-shredding: their key is destroyed, so
 * the sealed complainant in every event, Kafka record, consumer table and backup can no longer be opened; each of
 * their complaints records {@code PersonalDataErased}, so services that copied the data delete their copies; and
 * intake deletes what it keeps in clear itself (the addresses of inbound and acknowledgement mails).
 *
 * <p>Safe to ask again: a complaint already marked is not marked twice.
 */
@Service
public class PersonalDataErasures {

    /** What an erasure reached. */
    public record Erasure(List<String> subjectIds, List<String> complaintIds, Instant erasedAt) {
    }

    /** One erasure as auditors list it. */
    public record Recorded(String subjectId, int complaints, String requestedBy, String reason, Instant erasedAt) {
    }

    private final PersonalDataKeys keys;
    private final CommandGateway commands;
    private final JdbcClient jdbc;
    private final Clock clock;

    public PersonalDataErasures(PersonalDataKeys keys, CommandGateway commands, JdbcClient jdbc, Clock clock) {
        this.keys = keys;
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The subjects a complaint or the given contact details belong to (empty: nobody we hold sealed data of). */
    public Set<String> subjects(String complaintId, String phone, String email, String customerId) {
        Set<String> subjects = new LinkedHashSet<>();
        if (complaintId != null) {
            keys.subjectOf(complaintId).ifPresent(subjects::add);
        }
        subjects.addAll(keys.subjectsWith(phone, email, customerId));
        return subjects;
    }

    /**
     * Marks every complaint first and destroys the key last: an erasure interrupted half way (intake stopped, the
     * event store away) is completed by asking again in the same words, since the contacts that find the person are
     * deleted only with the key.
     */
    public Erasure erase(Set<String> subjectIds, String reason, String requestedBy) {
        Instant now = clock.instant();
        List<String> complaints = new ArrayList<>();
        for (String subjectId : subjectIds) {
            List<String> ofSubject = keys.complaintsOf(subjectId);
            for (String complaintId : ofSubject) {
                forgetMailAddresses(complaintId);
                commands.sendAndWait(new ErasePersonalDataCommand(complaintId, subjectId, reason,
                        Actor.user(requestedBy)));
                complaints.add(complaintId);
            }
            keys.shred(subjectId);
            jdbc.sql("""
                            insert into personal_data_erasure (subject_id, complaints, requested_by, reason, erased_at)
                            values (?, ?, ?, ?, ?)""")
                    .params(subjectId, ofSubject.size(), requestedBy, reason, Timestamp.from(now)).update();
        }
        return new Erasure(List.copyOf(subjectIds), complaints, now);
    }

    /** Newest first. */
    public List<Recorded> recorded(int limit) {
        return jdbc.sql("""
                        select subject_id, complaints, requested_by, reason, erased_at from personal_data_erasure
                        order by erased_at desc, id desc limit ?""")
                .param(limit)
                .query((rs, n) -> new Recorded(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** The mail channel keeps sender and recipient addresses in clear to answer and to acknowledge: not any more. */
    private void forgetMailAddresses(String complaintId) {
        jdbc.sql("update email_message set sender = null, subject = null where complaint_id = ?")
                .param(complaintId).update();
        jdbc.sql("delete from email_acknowledgement where complaint_id = ? and sent_at is null")
                .param(complaintId).update();
        jdbc.sql("update email_acknowledgement set recipient = '', body = '' where complaint_id = ?")
                .param(complaintId).update();
    }
}
