package io.closedloop.sla.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.sla.DocumentJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Clock policies, versioned and never changed once stored. A complaint uses the newest version whose
 * {@code activeFrom} is not after the moment intake recorded it, so a redelivered or replayed event picks the same
 * version, and a new version applies to new complaints only.
 */
@Repository
public class PolicyStore {

    /** The shipped default, stored as version 1 when the service first starts, in force from the beginning. */
    static final String DEFAULT_POLICY = "/policies/default-clocks.json";

    private static final Set<String> EVENT_TYPES = ComplaintEvent.registered().stream()
            .map(JsonSubTypes.Type::name).collect(Collectors.toUnmodifiableSet());

    private final JdbcClient jdbc;
    /** versions never change once stored, so they can be kept */
    private final Map<Integer, StoredPolicy> byVersion = new ConcurrentHashMap<>();

    /** A stored version with when it took effect, who stored it and why. */
    public record StoredPolicy(int version, String stamp, ClockPolicy policy, Instant activeFrom, Instant createdAt,
            String createdBy, String note) {
    }

    PolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What is wrong with a policy, each naming the field and the reason; empty when it may be activated. */
    public static List<String> problems(ClockPolicy policy, Predicate<String> calendarExists) {
        List<String> problems = new java.util.ArrayList<>(policy.problems(EVENT_TYPES, Deadline.SATISFYING_EVENTS));
        if (policy.calendar() != null && !policy.calendar().isBlank() && !calendarExists.test(policy.calendar())) {
            problems.add("calendar: no calendar '" + policy.calendar() + "' is stored");
        }
        return problems;
    }

    /** Stores the shipped default as version 1 unless some version is already stored. */
    @Transactional
    public void seedDefault(Predicate<String> calendarExists) {
        Integer stored = jdbc.sql("select count(*) from clock_policy").query(Integer.class).single();
        if (stored > 0) {
            return;
        }
        ClockPolicy policy = readDefault();
        List<String> problems = problems(policy, calendarExists);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the shipped clock policy is invalid: " + problems);
        }
        insertIfAbsent(1, policy, Instant.EPOCH, Instant.EPOCH, "seed", "the shipped default (REQUIREMENTS section 4)");
    }

    static ClockPolicy readDefault() {
        try (InputStream in = PolicyStore.class.getResourceAsStream(DEFAULT_POLICY)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_POLICY + " is missing from the service");
            }
            return DocumentJson.mapper().readValue(in, ClockPolicy.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a validated policy as the next version, in force from {@code activeFrom}. */
    @Transactional
    public StoredPolicy activate(ClockPolicy policy, Instant activeFrom, Instant now, String by, String note) {
        // one writer at a time, so versions are gapless and activeFrom only ever moves forward
        jdbc.sql("lock table clock_policy in share row exclusive mode").update();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from clock_policy").query(Integer.class).single();
        insert(version, policy, activeFrom, now, by, note);
        return version(version);
    }

    private void insert(int version, ClockPolicy policy, Instant activeFrom, Instant now, String by, String note) {
        jdbc.sql("""
                        insert into clock_policy (version, name, document, active_from, created_at, created_by, note)
                        values (:version, :name, cast(:document as jsonb), :activeFrom, :createdAt, :by, :note)
                        """)
                .param("version", version)
                .param("name", policy.name())
                .param("document", DocumentJson.write(policy))
                .param("activeFrom", OffsetDateTime.ofInstant(activeFrom, ZoneOffset.UTC))
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("by", by)
                .param("note", note)
                .update();
    }

    /** For the seed: two instances starting together both try; the second insert does nothing. */
    private void insertIfAbsent(int version, ClockPolicy policy, Instant activeFrom, Instant now, String by, String note) {
        jdbc.sql("""
                        insert into clock_policy (version, name, document, active_from, created_at, created_by, note)
                        values (:version, :name, cast(:document as jsonb), :activeFrom, :createdAt, :by, :note)
                        on conflict (version) do nothing
                        """)
                .param("version", version)
                .param("name", policy.name())
                .param("document", DocumentJson.write(policy))
                .param("activeFrom", OffsetDateTime.ofInstant(activeFrom, ZoneOffset.UTC))
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("by", by)
                .param("note", note)
                .update();
    }

    /** The version in force for a complaint recorded at this instant. */
    public StoredPolicy activeAt(Instant at) {
        Integer version = jdbc.sql("""
                        select max(version) from clock_policy where active_from <= :at
                        """)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .query((rs, n) -> (Integer) rs.getObject(1))
                .optional()
                .filter(java.util.Objects::nonNull)
                // a complaint recorded before the first version (a mangled or historical time) will never have a
                // policy in force: an unknown policy, which the stream dead-letters instead of retrying it for ever
                .orElseThrow(() -> new UnknownPolicyException("no clock policy is in force at " + at));
        return version(version);
    }

    public StoredPolicy version(int version) {
        return byVersion.computeIfAbsent(version, v -> jdbc.sql("""
                        select version, document::text, active_from, created_at, created_by, note
                        from clock_policy where version = :version
                        """)
                .param("version", v)
                .query((rs, n) -> {
                    ClockPolicy policy = DocumentJson.read(rs.getString(2), ClockPolicy.class);
                    return new StoredPolicy(rs.getInt(1), policy.name() + "@" + rs.getInt(1), policy,
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6));
                })
                .optional()
                .orElseThrow(() -> new UnknownPolicyException("no clock policy version " + v)));
    }

    /** A version by the stamp clocks record, e.g. {@code default-clocks@2}. */
    public StoredPolicy stamped(String stamp) {
        int at = stamp == null ? -1 : stamp.lastIndexOf('@');
        try {
            StoredPolicy policy = version(Integer.parseInt(stamp.substring(at + 1)));
            if (!policy.stamp().equals(stamp)) {
                throw new UnknownPolicyException("no clock policy " + stamp);
            }
            return policy;
        } catch (RuntimeException e) {
            if (e instanceof UnknownPolicyException unknown) {
                throw unknown;
            }
            throw new UnknownPolicyException("not a clock policy stamp: " + stamp);
        }
    }

    public List<StoredPolicy> all() {
        return jdbc.sql("select version from clock_policy order by version").query(Integer.class).list().stream()
                .map(this::version).toList();
    }

    public static final class UnknownPolicyException extends RuntimeException {
        public UnknownPolicyException(String message) {
            super(message);
        }
    }
}
