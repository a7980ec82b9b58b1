package io.closedloop.routing.models;

import io.closedloop.routing.classify.Classification;
import io.closedloop.routing.classify.TextClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The text model this instance classifies with: the registry's active version, read again every
 * {@code refresh-interval}, so a model activated (or rolled back) through any instance is used by every instance
 * within seconds. A decision names the version that made it ({@code complaint-text@N}).
 */
public class ActiveModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveModel.class);

    /** A loaded version. */
    public record Loaded(int version, String stamp, TextClassifier classifier) {

        /** The classifier's answer, naming the registry version rather than the classifier's own id. */
        public Classification classify(String text) {
            Classification c = classifier.classify(text);
            return new Classification(c.label(), c.confidence(), stamp, c.scores());
        }
    }

    private final ModelRegistry registry;
    private final Duration refreshInterval;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private ScheduledExecutorService refresher;

    public ActiveModel(ModelRegistry registry, Duration refreshInterval) {
        this.registry = registry;
        this.refreshInterval = refreshInterval;
    }

    /** Loads the active version and starts following the registry. */
    public synchronized void start() {
        refresh();
        if (current.get() == null) {
            throw new IllegalStateException("no text model is active in the registry");
        }
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "text-model-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshLogged, refreshInterval.toMillis(),
                    refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public Loaded current() {
        Loaded loaded = current.get();
        if (loaded == null) {
            throw new IllegalStateException("the text model is not loaded yet");
        }
        return loaded;
    }

    /** Loads the active version if it is not the one in use; returns the one in use after. */
    public Optional<Loaded> refresh() {
        Optional<Integer> active = registry.activeVersion();
        Loaded loaded = current.get();
        if (active.isPresent() && (loaded == null || loaded.version() != active.get())) {
            Loaded next = load(active.get());
            current.set(next);
            log.info("Text model {} ({}) is now in use{}", next.stamp(), next.classifier().version(),
                    loaded == null ? "" : ", replacing " + loaded.stamp());
        }
        return Optional.ofNullable(current.get());
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the database may be away for a moment: keep classifying with the model in use, and try again
            log.warn("Could not read the active text model; still using {}", current.get() == null ? "none"
                    : current.get().stamp(), e);
        }
    }

    /** A stored version, loaded from its bytes. */
    public Loaded load(int version) {
        try {
            return new Loaded(version, StoredModel.stamp(version),
                    TextClassifier.fromArchive(registry.archive(version), StoredModel.stamp(version)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}
