package io.closedloop.routing.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The text models routing has trained ({@code text_model}) and which one is active ({@code text_model_activation},
 * newest row wins). Versions are never changed once stored; activating or rolling back adds a row. Every instance
 * reads the active version from here, so instances agree.
 */
@Repository
public class ModelRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            version, model_id, trained_at, trained_by, trigger, seed_rows, correction_rows, corrections_through,
            label_counts, cv_folds, cv_accuracy, cv_accuracy_sd, cv_macro_f1, cv_macro_f1_sd, baseline_version,
            baseline_macro_f1, decision""";

    private final JdbcClient jdbc;

    ModelRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A version that is not stored. */
    public static final class UnknownModelException extends RuntimeException {
        UnknownModelException(int version) {
            super("no text model version " + version + " (" + StoredModel.stamp(version) + ")");
        }
    }

    /** A rollback with nothing before the active model. */
    public static final class NothingToRollBackException extends RuntimeException {
        NothingToRollBackException(String message) {
            super(message);
        }
    }

    /** What to store for a newly trained model; the registry gives it the next version number. */
    record NewModel(String modelId, byte[] archive, Instant trainedAt, String trainedBy, String trigger, int seedRows,
            int correctionRows, Long correctionsThrough, SortedMap<String, Integer> labelCounts,
            StoredModel.CrossValidated crossValidation, Integer baselineVersion, Double baselineMacroF1,
            String decision) {
    }

    @Transactional
    StoredModel store(NewModel m) {
        jdbc.sql("lock table text_model in share row exclusive mode").update();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from text_model").query(Integer.class).single();
        StoredModel.CrossValidated cv = m.crossValidation();
        jdbc.sql("""
                        insert into text_model (version, name, model_id, archive, trained_at, trained_by, trigger,
                            seed_rows, correction_rows, corrections_through, label_counts, cv_folds, cv_accuracy,
                            cv_accuracy_sd, cv_macro_f1, cv_macro_f1_sd, baseline_version, baseline_macro_f1, decision)
                        values (:version, :name, :modelId, :archive, :trainedAt, :trainedBy, :trigger, :seedRows,
                            :correctionRows, :through, cast(:labels as jsonb), :folds, :accuracy, :accuracySd,
                            :macroF1, :macroF1Sd, :baselineVersion, :baselineMacroF1, :decision)
                        """)
                .param("version", version)
                .param("name", StoredModel.NAME)
                .param("modelId", m.modelId())
                .param("archive", m.archive())
                .param("trainedAt", utc(m.trainedAt()))
                .param("trainedBy", m.trainedBy())
                .param("trigger", m.trigger())
                .param("seedRows", m.seedRows())
                .param("correctionRows", m.correctionRows())
                .param("through", m.correctionsThrough())
                .param("labels", json(m.labelCounts()))
                .param("folds", cv == null ? null : cv.folds())
                .param("accuracy", cv == null ? null : cv.accuracy())
                .param("accuracySd", cv == null ? null : cv.accuracySd())
                .param("macroF1", cv == null ? null : cv.macroF1())
                .param("macroF1Sd", cv == null ? null : cv.macroF1Sd())
                .param("baselineVersion", m.baselineVersion())
                .param("baselineMacroF1", m.baselineMacroF1())
                .param("decision", m.decision())
                .update();
        return version(version);
    }

    public StoredModel version(int version) {
        return jdbc.sql("select " + COLUMNS + " from text_model where version = :v").param("v", version)
                .query(ModelRegistry::model).optional().orElseThrow(() -> new UnknownModelException(version));
    }

    /** The model's files, as {@code TextClassifier.toArchive} wrote them. */
    public byte[] archive(int version) {
        return jdbc.sql("select archive from text_model where version = :v").param("v", version)
                .query((rs, n) -> rs.getBytes(1)).optional().orElseThrow(() -> new UnknownModelException(version));
    }

    public List<StoredModel> all() {
        return jdbc.sql("select " + COLUMNS + " from text_model order by version").query(ModelRegistry::model).list();
    }

    /** The newest version, active or not: the last candidate trained. */
    public Optional<StoredModel> latest() {
        return jdbc.sql("select " + COLUMNS + " from text_model order by version desc limit 1")
                .query(ModelRegistry::model).optional();
    }

    public Optional<StoredModel> withModelId(String modelId) {
        return jdbc.sql("select " + COLUMNS + " from text_model where model_id = :id order by version limit 1")
                .param("id", modelId).query(ModelRegistry::model).optional();
    }

    /** The active version's number: one indexed row, cheap enough to ask every few seconds. */
    public Optional<Integer> activeVersion() {
        return jdbc.sql("select version from text_model_activation order by id desc limit 1").query(Integer.class)
                .optional();
    }

    public Optional<Activation> activeActivation() {
        return jdbc.sql("""
                        select id, version, activated_at, activated_by, reason, previous_activation
                        from text_model_activation order by id desc limit 1""")
                .query(ModelRegistry::activation).optional();
    }

    /** Every change of the active model, newest first. */
    public List<Activation> activations() {
        return jdbc.sql("""
                        select id, version, activated_at, activated_by, reason, previous_activation
                        from text_model_activation order by id desc""")
                .query(ModelRegistry::activation).list();
    }

    /** Makes a stored version the active one (again, if it was before). */
    @Transactional
    public Activation activate(int version, String by, String reason, Instant now) {
        version(version);
        jdbc.sql("lock table text_model_activation in share row exclusive mode").update();
        Long previous = activeActivation().map(Activation::id).orElse(null);
        return insertActivation(version, by, reason, now, previous);
    }

    /**
     * Goes back to the model the active one replaced. Rolling back again goes further back, down to the first
     * model: each rollback takes the replaced activation's own predecessor as its predecessor.
     */
    @Transactional
    public Activation rollBack(String by, String reason, Instant now) {
        jdbc.sql("lock table text_model_activation in share row exclusive mode").update();
        Activation current = activeActivation()
                .orElseThrow(() -> new NothingToRollBackException("no text model is active yet"));
        if (current.previousActivation() == null) {
            throw new NothingToRollBackException(current.stamp() + " is the first model activated: there is "
                    + "nothing before it to roll back to");
        }
        Activation before = jdbc.sql("""
                        select id, version, activated_at, activated_by, reason, previous_activation
                        from text_model_activation where id = :id""")
                .param("id", current.previousActivation()).query(ModelRegistry::activation).single();
        String why = "rollback from " + current.stamp() + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return insertActivation(before.version(), by, why, now, before.previousActivation());
    }

    /**
     * Whether anyone stored a model yet, holding a transaction-scoped lock so that two instances starting together
     * do not both train the starter model. Call inside a transaction.
     */
    boolean lockAndCheckEmpty() {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", LockKeys.SEED).query((rs, n) -> 1).single();
        return jdbc.sql("select count(*) from text_model").query(Integer.class).single() == 0;
    }

    /** Takes the training lock for the current transaction if no other instance holds it. */
    boolean tryTrainingLock() {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(:key)").param("key", LockKeys.TRAINING)
                .query(Boolean.class).single());
    }

    private Activation insertActivation(int version, String by, String reason, Instant now, Long previous) {
        long id = jdbc.sql("""
                        insert into text_model_activation (version, activated_at, activated_by, reason, previous_activation)
                        values (:version, :at, :by, :reason, :previous) returning id""")
                .param("version", version)
                .param("at", utc(now))
                .param("by", by)
                .param("reason", reason)
                .param("previous", previous)
                .query(Long.class).single();
        return new Activation(id, version, StoredModel.stamp(version), now, by, reason, previous);
    }

    private static final class LockKeys {
        // arbitrary, distinct from any other advisory lock of this database
        static final long SEED = 0x7465787401L;
        static final long TRAINING = 0x7465787402L;
    }

    private static StoredModel model(ResultSet rs, int n) throws SQLException {
        int version = rs.getInt("version");
        Integer folds = (Integer) rs.getObject("cv_folds");
        StoredModel.CrossValidated cv = folds == null ? null : new StoredModel.CrossValidated(folds,
                rs.getDouble("cv_accuracy"), rs.getDouble("cv_accuracy_sd"), rs.getDouble("cv_macro_f1"),
                rs.getDouble("cv_macro_f1_sd"));
        return new StoredModel(version, StoredModel.stamp(version), rs.getString("model_id"),
                rs.getObject("trained_at", OffsetDateTime.class).toInstant(), rs.getString("trained_by"),
                rs.getString("trigger"), rs.getInt("seed_rows"), rs.getInt("correction_rows"),
                (Long) rs.getObject("corrections_through"), labels(rs.getString("label_counts")), cv,
                (Integer) rs.getObject("baseline_version"), (Double) rs.getObject("baseline_macro_f1"),
                rs.getString("decision"));
    }

    private static Activation activation(ResultSet rs, int n) throws SQLException {
        int version = rs.getInt("version");
        return new Activation(rs.getLong("id"), version, StoredModel.stamp(version),
                rs.getObject("activated_at", OffsetDateTime.class).toInstant(), rs.getString("activated_by"),
                rs.getString("reason"), (Long) rs.getObject("previous_activation"));
    }

    private static SortedMap<String, Integer> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
