package io.closedloop.routing.deciding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.routing.rules.RoutingRules;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routing rules, versioned and never changed once stored. A complaint is routed by the newest version whose
 * {@code activeFrom} is not after the moment intake recorded it, so a redelivered event is routed the same way and a
 * new version applies to new complaints only. The version is recorded on every assignment.
 */
@Repository
public class RulesStore {

    static final String DEFAULT_RULES = "/rules/default-routing.json";
    /** An operator's document: an unknown field is a typo, not something to ignore. */
    public static final ObjectMapper STRICT = ContractJson.configure(JsonMapper.builder().build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final JdbcClient jdbc;
    private final Map<Integer, StoredRules> byVersion = new ConcurrentHashMap<>();

    /** A stored version, with its stamp (e.g. {@code default-routing@2}), when it took effect, who stored it and why. */
    public record StoredRules(int version, String stamp, RoutingRules rules, Instant activeFrom, Instant createdAt,
            String createdBy, String note) {
    }

    RulesStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the shipped default as version 1 unless some version is already stored. */
    @Transactional
    public void seedDefault() {
        if (jdbc.sql("select count(*) from routing_rules").query(Integer.class).single() > 0) {
            return;
        }
        RoutingRules rules;
        try (InputStream in = RulesStore.class.getResourceAsStream(DEFAULT_RULES)) {
            rules = STRICT.readValue(in, RoutingRules.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!rules.problems().isEmpty()) {
            throw new IllegalStateException("the shipped routing rules are invalid: " + rules.problems());
        }
        insertIfAbsent(1, rules, Instant.EPOCH, Instant.EPOCH, "seed", "the shipped default");
    }

    /**
     * Stores validated rules as the next version, in force from {@code activeFrom}. Use {@link Activations}, which
     * also checks they fit the taxonomy.
     */
    @Transactional
    public StoredRules activate(RoutingRules rules, Instant activeFrom, Instant now, String by, String note) {
        lock();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from routing_rules").query(Integer.class).single();
        insert(version, rules, activeFrom, now, by, note);
        return version(version);
    }

    /** Holds off other activations until the caller's transaction ends; readers are not held up. */
    void lock() {
        jdbc.sql("lock table routing_rules in share row exclusive mode").update();
    }

    private void insert(int version, RoutingRules rules, Instant activeFrom, Instant now, String by, String note) {
        String document;
        try {
            document = STRICT.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("""
                        insert into routing_rules (version, name, document, active_from, created_at, created_by, note)
                        values (:version, :name, cast(:document as jsonb), :activeFrom, :createdAt, :by, :note)
                        """)
                .param("version", version)
                .param("name", rules.name())
                .param("document", document)
                .param("activeFrom", OffsetDateTime.ofInstant(activeFrom, ZoneOffset.UTC))
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("by", by)
                .param("note", note)
                .update();
    }

    /** For the seed: two instances starting together both try; the second insert does nothing. */
    private void insertIfAbsent(int version, RoutingRules rules, Instant activeFrom, Instant now, String by, String note) {
        String document;
        try {
            document = STRICT.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("""
                        insert into routing_rules (version, name, document, active_from, created_at, created_by, note)
                        values (:version, :name, cast(:document as jsonb), :activeFrom, :createdAt, :by, :note)
                        on conflict (version) do nothing
                        """)
                .param("version", version)
                .param("name", rules.name())
                .param("document", document)
                .param("activeFrom", OffsetDateTime.ofInstant(activeFrom, ZoneOffset.UTC))
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("by", by)
                .param("note", note)
                .update();
    }

    /** The version in force for a complaint recorded at this instant. */
    public StoredRules activeAt(Instant at) {
        Integer version = jdbc.sql("""
                        select max(version) from routing_rules where active_from <= :at
                        """)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .query((rs, n) -> (Integer) rs.getObject(1))
                .optional()
                .filter(java.util.Objects::nonNull)
                // a complaint recorded before the first version (a mangled or historical time) will never have rules
                // in force: an unknown version, which the stream dead-letters instead of retrying for ever
                .orElseThrow(() -> new UnknownRulesException("no routing rules are in force at " + at));
        return version(version);
    }

    /**
     * Every version that is or will be in force at some moment from {@code from} on: the one in force then, and
     * those scheduled later that a newer version does not supersede. What a taxonomy activated from {@code from}
     * must fit.
     */
    public List<StoredRules> inForceFrom(Instant from) {
        return jdbc.sql("""
                        select distinct (select max(r.version) from routing_rules r where r.active_from <= b.at)
                        from (select cast(:from as timestamptz) as at
                              union select active_from from routing_rules where active_from > :from) b
                        order by 1
                        """)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .query((rs, n) -> (Integer) rs.getObject(1))
                .list().stream()
                .filter(java.util.Objects::nonNull)
                .map(this::version)
                .toList();
    }

    public StoredRules version(int version) {
        return byVersion.computeIfAbsent(version, v -> jdbc.sql("""
                        select document::text, active_from, created_at, created_by, note
                        from routing_rules where version = :version
                        """)
                .param("version", v)
                .query((rs, n) -> {
                    RoutingRules rules = read(rs.getString(1));
                    return new StoredRules(v, rules.name() + "@" + v, rules,
                            rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5));
                })
                .optional()
                .orElseThrow(() -> new UnknownRulesException("no routing rules version " + v)));
    }

    public List<StoredRules> all() {
        return jdbc.sql("select version from routing_rules order by version").query(Integer.class).list().stream()
                .map(this::version).toList();
    }

    private static RoutingRules read(String json) {
        try {
            // stored by this service: read tolerantly, a field a later version dropped must not break it
            return ContractJson.mapper().readValue(json, RoutingRules.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class UnknownRulesException extends RuntimeException {
        public UnknownRulesException(String message) {
            super(message);
        }
    }
}
