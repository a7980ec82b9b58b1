package io.closedloop.routing.models;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires the model life cycle: the starter model before the first classification, the refresh, the retraining. */
@Configuration(proxyBeanMethods = false)
class TextModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TextModelConfiguration.class);

    @Bean(initMethod = "start", destroyMethod = "close")
    ActiveModel activeModel(ModelRegistry registry, ModelTraining training, TextModelProperties properties) {
        // before any listener starts, so the first complaint already finds a model
        training.ensureActiveModel();
        return new ActiveModel(registry, properties.refreshInterval());
    }

    /** Checks every {@code retrain.check-interval} whether a retraining is due; off when no trigger is set. */
    @Bean(destroyMethod = "close")
    RetrainingSchedule textModelRetraining(ModelTraining training, TextModelProperties properties) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "text-model-retraining");
            t.setDaemon(true);
            return t;
        });
        TextModelProperties.Retraining policy = properties.retrain();
        if (policy.afterCorrections() > 0 || policy.every() != null) {
            long millis = policy.checkInterval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    training.retrainIfDue(policy);
                } catch (ModelTraining.TrainingBusyException e) {
                    log.debug("Retraining check skipped: {}", e.getMessage());
                } catch (RuntimeException e) {
                    // the next check tries again; a model that cannot be trained must not stop the schedule
                    log.error("Automatic retraining of the text model failed", e);
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
        return new RetrainingSchedule(scheduler);
    }

    /** The retraining checks' thread, stopped with the context (its own type, so no one mistakes it for theirs). */
    record RetrainingSchedule(ScheduledExecutorService scheduler) implements AutoCloseable {
        @Override
        public void close() {
            scheduler.shutdownNow();
        }
    }
}
