package io.closedloop.routing.models;

import io.closedloop.routing.classify.CrossValidation;
import io.closedloop.routing.classify.FeatureSettings;
import io.closedloop.routing.classify.ModelComparison;
import io.closedloop.routing.classify.ModelManifest;
import io.closedloop.routing.classify.TextClassifier;
import io.closedloop.routing.classify.TextClassifierTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains text models from the shipped examples and people's corrections, cross-validates each against the active
 * model on the same folds, and stores it as the next version: the starter model at first start, a candidate on an
 * operator's request, and automatically after enough corrections or on a schedule (activated only when it is not
 * worse than the active model by more than the tolerance). One training at a time across all instances (a
 * PostgreSQL advisory lock).
 */
@Component
public class ModelTraining {

    private static final Logger log = LoggerFactory.getLogger(ModelTraining.class);
    /**
     * Words and Han character pairs; a word seen once is still evidence, as the shipped sentences are short and
     * corrections arrive one by one.
     */
    public static final FeatureSettings FEATURES = new FeatureSettings(true, false, true, 1);
    public static final long SEED = 42;
    static final String AUTOMATIC = "auto-retrain";

    private final ModelRegistry registry;
    private final TrainingData data;
    private final TextModelProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    ModelTraining(ModelRegistry registry, TrainingData data, TextModelProperties properties, Clock clock,
            TransactionTemplate transactions) {
        this.registry = registry;
        this.data = data;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** Another instance (or request) is training right now. */
    public static final class TrainingBusyException extends RuntimeException {
        TrainingBusyException() {
            super("a text model is being trained already; try again when it has finished");
        }
    }

    /** How every model of the registry is trained: the same recipe, so two versions differ by their data alone. */
    public static TextClassifierTrainer trainer(Clock clock) {
        return new TextClassifierTrainer(FEATURES, SEED, clock);
    }

    /**
     * Stores and activates the starter model (trained from the shipped examples) if no model is stored yet, and
     * imports the configured model directory as a new active version if it is not stored yet.
     */
    public void ensureActiveModel() {
        transactions.executeWithoutResult(status -> {
            if (!registry.lockAndCheckEmpty()) {
                return;
            }
            TrainingData.Snapshot seed = data.seedOnly();
            Trained starter = train(seed, null);
            StoredModel stored = store(starter, seed, "seed", "seed",
                    "activated: the starter model, trained from the shipped examples at first start");
            registry.activate(stored.version(), "seed", "the starter model", clock.instant());
            log.info("Trained and activated the starter text model {} ({})", stored.stamp(), stored.modelId());
        });
        if (!properties.modelDir().isBlank()) {
            importDirectory(Path.of(properties.modelDir()));
        }
    }

    private void importDirectory(Path directory) {
        TextClassifier model;
        byte[] archive;
        try {
            model = TextClassifier.load(directory);
            archive = model.toArchive();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        transactions.executeWithoutResult(status -> {
            registry.lockAndCheckEmpty();
            ModelManifest m = model.manifest();
            if (registry.withModelId(m.version()).isPresent()) {
                return;
            }
            ModelManifest.CrossValidationSummary cv = m.crossValidation();
            StoredModel stored = registry.store(new ModelRegistry.NewModel(m.version(), archive, clock.instant(),
                    "import", "import", 0, 0, null, new java.util.TreeMap<>(m.labels()),
                    cv == null ? null : new StoredModel.CrossValidated(cv.folds(), cv.accuracyMean(), cv.accuracyStd(),
                            cv.macroF1Mean(), cv.macroF1Std()),
                    null, null, "activated: imported from " + directory + " (trained on " + m.trainingFile()
                            + ", " + m.rows() + " rows) at startup"));
            registry.activate(stored.version(), "import", "imported from " + directory, clock.instant());
            log.info("Imported text model {} from {} as {} and activated it", m.version(), directory, stored.stamp());
        });
    }

    /** Trains a candidate from the current data now, compares it with the active model and stores it, inactive. */
    public StoredModel trainCandidate(String by) {
        return transactions.execute(status -> {
            if (!registry.tryTrainingLock()) {
                throw new TrainingBusyException();
            }
            TrainingData.Snapshot snapshot = data.current();
            StoredModel active = active();
            Trained candidate = train(snapshot, active);
            String decision = "not activated: trained on request by " + by + "; activate it by hand"
                    + candidate.verdict().map(v -> ". " + capitalise(v.reason())
                            + (v.activate() ? " (would pass the automatic check)" : "")).orElse("");
            return store(candidate, snapshot, by, "request", decision);
        });
    }

    /**
     * Trains a candidate if the policy says one is due, and activates it if it passes {@link ActivationGate}.
     *
     * @return the candidate, when one was trained
     */
    public Optional<StoredModel> retrainIfDue(TextModelProperties.Retraining policy) {
        Optional<String> due = due(policy);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(transactions.execute(status -> {
            // another instance may have trained while this one waited: check again under the lock
            if (!registry.tryTrainingLock() || due(policy).isEmpty()) {
                return null;
            }
            TrainingData.Snapshot snapshot = data.current();
            StoredModel active = active();
            Trained candidate = train(snapshot, active);
            ActivationGate.Verdict verdict = candidate.verdict().orElseThrow();
            String decision = (verdict.activate() ? "activated automatically (" : "not activated (") + due.get()
                    + "): " + verdict.reason();
            StoredModel stored = store(candidate, snapshot, AUTOMATIC, trigger(due.get()), decision);
            if (verdict.activate()) {
                registry.activate(stored.version(), AUTOMATIC, verdict.reason(), clock.instant());
            }
            log.info("Retrained text model {} ({}): {}", stored.stamp(), snapshot.describe(), decision);
            return stored;
        }));
    }

    /** Why a retraining is due now ("12 new corrections"), or empty. */
    Optional<String> due(TextModelProperties.Retraining policy) {
        if (policy.afterCorrections() == 0 && policy.every() == null) {
            return Optional.empty();
        }
        Optional<StoredModel> latest = registry.latest();
        if (latest.isEmpty() || "import".equals(active().trigger())) {
            // an imported model's training data is not here: retraining from the seed would throw it away
            return Optional.empty();
        }
        long fresh = data.correctionsAfter(latest.get().correctionsThrough());
        if (policy.afterCorrections() > 0 && fresh >= policy.afterCorrections()) {
            return Optional.of(fresh + " new corrections, at least " + policy.afterCorrections());
        }
        if (policy.every() != null && fresh > 0
                && !latest.get().trainedAt().plus(policy.every()).isAfter(clock.instant())) {
            return Optional.of("scheduled every " + policy.every() + ", " + fresh + " new corrections");
        }
        return Optional.empty();
    }

    private static String trigger(String due) {
        return due.startsWith("scheduled") ? "schedule" : "corrections";
    }

    private StoredModel active() {
        return registry.activeVersion().map(registry::version)
                .orElseThrow(() -> new IllegalStateException("no text model is active"));
    }

    /** A trained model with its comparison against the active one (none for the starter). */
    private record Trained(TextClassifier model, ModelComparison.Result comparison, StoredModel baseline,
            Optional<ActivationGate.Verdict> verdict) {
    }

    private Trained train(TrainingData.Snapshot snapshot, StoredModel active) {
        TextClassifier model = trainer(clock).train(snapshot.labelled(), snapshot.describe());
        ModelComparison.Baseline baseline = null;
        if (active != null) {
            baseline = "import".equals(active.trigger())
                    ? ModelComparison.Baseline.fixed(load(active.version()))
                    : ModelComparison.Baseline.retrainedOn(data.through(active.correctionsThrough()).rows(),
                            () -> trainer(clock));
        }
        ModelComparison.Result comparison = ModelComparison.run(snapshot.rows(), properties.folds(), SEED,
                () -> trainer(clock), baseline);
        Optional<ActivationGate.Verdict> verdict = active == null ? Optional.empty()
                : Optional.of(ActivationGate.decide(comparison.candidate().macroF1Mean(),
                        comparison.baseline().macroF1Mean(), properties.retrain().tolerance(), active.stamp(),
                        properties.folds()));
        return new Trained(model, comparison, active, verdict);
    }

    private StoredModel store(Trained trained, TrainingData.Snapshot snapshot, String by, String trigger,
            String decision) {
        CrossValidation.Result cv = trained.comparison().candidate();
        byte[] archive;
        try {
            archive = trained.model().toArchive();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return registry.store(new ModelRegistry.NewModel(trained.model().version(), archive, clock.instant(), by,
                trigger, snapshot.seedRows(), snapshot.correctionRows(), snapshot.correctionsThrough(),
                snapshot.labelCounts(), new StoredModel.CrossValidated(cv.k(), cv.accuracyMean(), cv.accuracyStd(),
                        cv.macroF1Mean(), cv.macroF1Std()),
                trained.baseline() == null ? null : trained.baseline().version(),
                trained.comparison().baseline() == null ? null : trained.comparison().baseline().macroF1Mean(),
                decision));
    }

    /** A stored version's model, read from its bytes. */
    public TextClassifier load(int version) {
        try {
            return TextClassifier.fromArchive(registry.archive(version), StoredModel.stamp(version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
