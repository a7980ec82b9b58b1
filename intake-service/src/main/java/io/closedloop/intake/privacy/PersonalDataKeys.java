package io.closedloop.intake.privacy;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintWords;
import io.closedloop.contract.PersonalDataSeal;
import io.closedloop.contract.SealedPersonalData;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The data subjects' keys (table {@code personal_data_key}, each wrapped by a {@link MasterKeys master key}):
 * seals a complainant for the event store and opens it again for those allowed to read it. A person is recognised
 * across complaints by any contact detail they gave before, so one erasure reaches all of their complaints.
 */
@Repository
public class PersonalDataKeys implements ComplainantSealer {

    /** A complainant read back from an event: in clear, or erased (its key is gone), or there was none. */
    public sealed interface Reading {
        record Readable(Complainant complainant) implements Reading {
        }

        record Erased(String subjectId) implements Reading {
        }

        record Absent() implements Reading {
        }
    }

    private final JdbcClient jdbc;
    private final MasterKeys masterKeys;
    private final Clock clock;

    public PersonalDataKeys(JdbcClient jdbc, MasterKeys masterKeys, Clock clock) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.clock = clock;
    }

    /**
     * Seals the complainant of a new complaint with its subject's key, creating the subject on first sight. Runs in
     * the caller's transaction (the one that appends the event), so a key is never lost while its data is kept.
     */
    @Override
    @Transactional
    public Sealed seal(String complaintId, Complainant complainant, ComplaintWords words) {
        if (complainant == null) {
            // nobody to erase later; intake's channels always name the complainant, so the words stay as given
            return new Sealed(null, null);
        }
        // a few statements per complaint, in the event's own transaction: this is on intake's hot path
        // (the contacts a person typed into the words are not theirs for certain: a courier's phone number would
        // tie two complainants into one data subject, so only the complainant's own contacts identify them)
        List<String> digests = contactDigests(complainant);
        SubjectKey subject = knownSubject(digests).orElseGet(() -> newSubject(digests));
        jdbc.sql("insert into personal_data_subject_complaint (subject_id, complaint_id) values (?, ?)"
                        + " on conflict do nothing")
                .params(subject.subjectId(), complaintId).update();
        return new Sealed(
                PersonalDataSeal.seal(complainant, subject.subjectId(), complaintId, subject.key()),
                words == null ? null
                        : PersonalDataSeal.sealWords(words, subject.subjectId(), complaintId, subject.key()));
    }

    private record SubjectKey(String subjectId, byte[] key) {
    }

    /** The complainant of a {@code ComplaintReceived}: opened with its key, or in clear as older events hold it. */
    public Reading complainantOf(ComplaintReceivedEvent received) {
        SealedPersonalData sealed = received.sealedComplainant();
        if (sealed == null || sealed.ciphertext() == null) {
            return received.complainant() == null ? new Reading.Absent()
                    : new Reading.Readable(received.complainant());
        }
        return key(sealed.subjectId())
                .<Reading>map(key -> new Reading.Readable(
                        PersonalDataSeal.open(sealed, received.complaintId(), key)))
                .orElseGet(() -> new Reading.Erased(sealed.subjectId()));
    }

    /**
     * The customer's words as written, if intake masked personal details in them and the key is still there;
     * empty otherwise (nothing was masked, or the person was erased: the masked words are all there is).
     */
    public Optional<ComplaintWords> wordsOf(ComplaintReceivedEvent received) {
        SealedPersonalData sealed = received.sealedWords();
        if (sealed == null || sealed.ciphertext() == null) {
            return Optional.empty();
        }
        return key(sealed.subjectId()).map(key -> PersonalDataSeal.openWords(sealed, received.complaintId(), key));
    }

    /** The complainant in clear, or null if there is none or it was erased. */
    public Complainant complainantOrNull(ComplaintReceivedEvent received) {
        return complainantOf(received) instanceof Reading.Readable r ? r.complainant() : null;
    }

    /** The subject whose data a complaint holds, if it was sealed. */
    public Optional<String> subjectOf(String complaintId) {
        return jdbc.sql("select subject_id from personal_data_subject_complaint where complaint_id = ?")
                .param(complaintId).query(String.class).optional();
    }

    /** The subject a contact detail (phone, email or customer id, as the person gave it) belongs to. */
    public List<String> subjectsWith(String phone, String email, String customerId) {
        List<String> digests = contactDigests(new Complainant(null, phone, email, customerId));
        if (digests.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select distinct subject_id from personal_data_contact where contact_digest = any(?)")
                .param(digests.toArray(String[]::new)).query(String.class).list();
    }

    public List<String> complaintsOf(String subjectId) {
        return jdbc.sql("select complaint_id from personal_data_subject_complaint where subject_id = ?"
                        + " order by complaint_id")
                .param(subjectId).query(String.class).list();
    }

    /** Destroys the subject's key and contacts; @return whether there was a key to destroy. */
    @Transactional
    public boolean shred(String subjectId) {
        jdbc.sql("delete from personal_data_contact where subject_id = ?").param(subjectId).update();
        return jdbc.sql("delete from personal_data_key where subject_id = ?").param(subjectId).update() == 1;
    }

    /** The subject's data key, unwrapped; empty once erased. */
    private Optional<byte[]> key(String subjectId) {
        return jdbc.sql("select data_key, master_key_id from personal_data_key where subject_id = ?")
                .param(subjectId)
                .query((rs, n) -> masterKeys.unwrap(subjectId, rs.getString(2), rs.getBytes(1))).optional();
    }

    /** The subject any of these contacts belongs to, with its key; one whose key is gone gets a new key. */
    private Optional<SubjectKey> knownSubject(List<String> digests) {
        if (digests.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select c.subject_id, k.data_key, k.master_key_id from personal_data_contact c
                        left join personal_data_key k on k.subject_id = c.subject_id
                        where c.contact_digest = any(?)
                        order by k.data_key is null, c.subject_id limit 1""")
                .param(digests.toArray(String[]::new))
                .query((rs, n) -> {
                    String subjectId = rs.getString(1);
                    byte[] stored = rs.getBytes(2);
                    return new SubjectKey(subjectId,
                            stored == null ? null : masterKeys.unwrap(subjectId, rs.getString(3), stored));
                }).optional()
                .map(found -> {
                    remember(found.subjectId(), digests);
                    return found.key() != null ? found : new SubjectKey(found.subjectId(), newKey(found.subjectId()));
                });
    }

    private SubjectKey newSubject(List<String> digests) {
        String subjectId = "subject-" + UUID.randomUUID();
        byte[] key = newKey(subjectId);
        remember(subjectId, digests);
        if (digests.isEmpty()) {
            return new SubjectKey(subjectId, key);
        }
        // Two first complaints of the same person at the same moment: the contact rows decide which subject is
        // theirs, and the other new subject is dropped before anything was sealed with it.
        String winner = jdbc.sql("select subject_id from personal_data_contact where contact_digest = ?")
                .param(digests.get(0)).query(String.class).single();
        if (winner.equals(subjectId)) {
            return new SubjectKey(subjectId, key);
        }
        jdbc.sql("delete from personal_data_key where subject_id = ?").param(subjectId).update();
        return knownSubject(digests).orElseThrow();
    }

    /**
     * A new key for the subject, stored wrapped by the active master key (kept if another transaction made one
     * first).
     */
    private byte[] newKey(String subjectId) {
        MasterKeys.Wrapped wrapped = masterKeys.wrap(subjectId, PersonalDataSeal.newKey());
        jdbc.sql("insert into personal_data_key (subject_id, data_key, master_key_id, created_at)"
                        + " values (?, ?, ?, ?) on conflict (subject_id) do nothing")
                .params(subjectId, wrapped.bytes(), wrapped.masterKeyId(), Timestamp.from(clock.instant())).update();
        return key(subjectId).orElseThrow();
    }

    private void remember(String subjectId, List<String> digests) {
        if (!digests.isEmpty()) {
            jdbc.sql("insert into personal_data_contact (contact_digest, subject_id) select unnest(?), ?"
                            + " on conflict (contact_digest) do nothing")
                    .params(digests.toArray(String[]::new), subjectId).update();
        }
    }

    /**
     * Digests of the normalised contact details: a phone by its digits (the last 11, so +86 138... and 138... are
     * one person), an email in lower case, a customer id as given. Digests, so that this table alone does not list
     * the phone numbers; deleted on erasure, so that a person's details cannot be matched to an erased subject.
     */
    static List<String> contactDigests(Complainant c) {
        List<String> digests = new ArrayList<>();
        if (c == null) {
            return digests;
        }
        if (c.phone() != null) {
            String digits = c.phone().replaceAll("\\D", "");
            if (digits.length() >= 7) {
                digests.add(sha256("phone:" + digits.substring(Math.max(0, digits.length() - 11))));
            }
        }
        if (c.email() != null && !c.email().isBlank()) {
            digests.add(sha256("email:" + c.email().strip().toLowerCase(Locale.ROOT)));
        }
        if (c.customerId() != null && !c.customerId().isBlank()) {
            digests.add(sha256("customer:" + c.customerId().strip()));
        }
        return digests;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
