package io.closedloop.routing.deciding;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.routing.taxonomy.Taxonomy;
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
 * The category taxonomy, versioned and never changed once stored, exactly as the routing rules are: a complaint is
 * classified under the newest version whose {@code activeFrom} is not after the moment intake recorded it, and that
 * version is recorded on the classification. Use {@link Activations} to store a new version: it checks the taxonomy
 * and the rules fit each other.
 */
@Repository
public class TaxonomyStore {

    static final String DEFAULT_TAXONOMY = "/taxonomy/default-taxonomy.json";

    private final JdbcClient jdbc;
    private final Map<Integer, StoredTaxonomy> byVersion = new ConcurrentHashMap<>();

    /** A stored version, its stamp (e.g. {@code default-taxonomy@2}), when it took effect, who stored it and why. */
    public record StoredTaxonomy(int version, String stamp, Taxonomy taxonomy, Instant activeFrom, Instant createdAt,
            String createdBy, String note) {
    }

    TaxonomyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The taxonomy the service ships: the six product categories and their children. */
    public static Taxonomy shipped() {
        try (InputStream in = TaxonomyStore.class.getResourceAsStream(DEFAULT_TAXONOMY)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_TAXONOMY + " is missing from the service");
            }
            return RulesStore.STRICT.readValue(in, Taxonomy.class).normalized();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores the shipped default as version 1 unless some version is already stored. It takes effect from the
     * beginning of time, so an installation that had rules before it had a taxonomy classifies its old complaints
     * under it too.
     */
    @Transactional
    public void seedDefault() {
        if (jdbc.sql("select count(*) from taxonomy").query(Integer.class).single() > 0) {
            return;
        }
        Taxonomy taxonomy = shipped();
        if (!taxonomy.problems().isEmpty()) {
            throw new IllegalStateException("the shipped taxonomy is invalid: " + taxonomy.problems());
        }
        // two instances starting together both try; the second insert does nothing
        insert(1, taxonomy, Instant.EPOCH, Instant.EPOCH, "seed", "the shipped default", true);
    }

    /** Stores a taxonomy as the next version, in force from {@code activeFrom}. Callers check it first. */
    @Transactional
    StoredTaxonomy activate(Taxonomy taxonomy, Instant activeFrom, Instant now, String by, String note) {
        lock();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from taxonomy").query(Integer.class).single();
        insert(version, taxonomy.normalized(), activeFrom, now, by, note, false);
        return version(version);
    }

    /** Holds off other activations until the caller's transaction ends; readers are not held up. */
    void lock() {
        jdbc.sql("lock table taxonomy in share row exclusive mode").update();
    }

    private void insert(int version, Taxonomy taxonomy, Instant activeFrom, Instant now, String by, String note,
            boolean ifAbsent) {
        String document;
        try {
            document = RulesStore.STRICT.writeValueAsString(taxonomy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("""
                        insert into taxonomy (version, name, document, active_from, created_at, created_by, note)
                        values (:version, :name, cast(:document as jsonb), :activeFrom, :createdAt, :by, :note)
                        """ + (ifAbsent ? " on conflict (version) do nothing" : ""))
                .param("version", version)
                .param("name", taxonomy.name())
                .param("document", document)
                .param("activeFrom", OffsetDateTime.ofInstant(activeFrom, ZoneOffset.UTC))
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("by", by)
                .param("note", note)
                .update();
    }

    /** The version in force for a complaint recorded at this instant. */
    public StoredTaxonomy activeAt(Instant at) {
        Integer version = jdbc.sql("select max(version) from taxonomy where active_from <= :at")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .query((rs, n) -> (Integer) rs.getObject(1))
                .optional()
                .filter(java.util.Objects::nonNull)
                // as for the rules: a time before the first version never has one (dead-lettered, not retried)
                .orElseThrow(() -> new UnknownTaxonomyException("no taxonomy is in force at " + at));
        return version(version);
    }

    /**
     * Every version that is or will be in force at some moment from {@code from} on: the one in force then, and
     * those scheduled later that a newer version does not supersede. What a rules version activated from
     * {@code from} must fit.
     */
    public List<StoredTaxonomy> inForceFrom(Instant from) {
        return inForce(from, null);
    }

    /** Every version in force at some moment of {@code [from, until)}; {@code until} null for no end. */
    public List<StoredTaxonomy> inForce(Instant from, Instant until) {
        // the version in force at the start, and at each later moment a version takes effect
        var query = jdbc.sql("""
                        select distinct (select max(t.version) from taxonomy t where t.active_from <= b.at)
                        from (select cast(:from as timestamptz) as at
                              union select active_from from taxonomy where active_from > :from
                        """ + (until == null ? "" : " and active_from < :until") + ") b order by 1")
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        if (until != null) {
            query = query.param("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
        }
        return query.query((rs, n) -> (Integer) rs.getObject(1))
                .list().stream()
                .filter(java.util.Objects::nonNull)
                .map(this::version)
                .toList();
    }

    public StoredTaxonomy version(int version) {
        return byVersion.computeIfAbsent(version, v -> jdbc.sql("""
                        select document::text, active_from, created_at, created_by, note
                        from taxonomy where version = :version
                        """)
                .param("version", v)
                .query((rs, n) -> {
                    Taxonomy taxonomy = read(rs.getString(1));
                    return new StoredTaxonomy(v, taxonomy.name() + "@" + v, taxonomy,
                            rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5));
                })
                .optional()
                .orElseThrow(() -> new UnknownTaxonomyException("no taxonomy version " + v)));
    }

    public List<StoredTaxonomy> all() {
        return jdbc.sql("select version from taxonomy order by version").query(Integer.class).list().stream()
                .map(this::version).toList();
    }

    private static Taxonomy read(String json) {
        try {
            // stored by this service: read tolerantly, a field a later version dropped must not break it
            return ContractJson.mapper().readValue(json, Taxonomy.class).normalized();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class UnknownTaxonomyException extends RuntimeException {
        public UnknownTaxonomyException(String message) {
            super(message);
        }
    }
}
