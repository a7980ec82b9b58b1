package io.closedloop.sla.keeping;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.closedloop.sla.DocumentJson;
import io.closedloop.sla.clock.TimerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Optional;

/** The one kind of durable timer this service sets: "look at this clock again at this moment". */
@Configuration(proxyBeanMethods = false)
class TimerConfiguration {

    static final String TASK_NAME = "clock-timer";
    private static final Logger log = LoggerFactory.getLogger(TimerConfiguration.class);

    @Bean
    OneTimeTask<TimerRequest> clockTimerTask(ObjectProvider<ClockKeeping> keeping) {
        return Tasks.oneTime(TASK_NAME, TimerRequest.class)
                .onFailure(new CappedBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .execute((instance, context) -> keeping.getObject().onTimer(instance.getData()));
    }

    /** Timer data as JSON rather than Java serialisation: readable in the table, and safe across versions. */
    @Bean
    DbSchedulerCustomizer timerSerialization() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new JacksonSerializer(DocumentJson.stored()));
            }
        };
    }

    /**
     * A timer that fails (the broker or the database is away) is tried again, after 1 s, 2 s, 4 s ... up to 30 s,
     * for as long as it takes: giving up would lose an escalation. db-scheduler's own exponential back-off has no
     * ceiling, which would leave a deadline unchased for hours after a long outage.
     */
    private record CappedBackoff(Duration first, Duration max) implements FailureHandler<TimerRequest> {
        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<TimerRequest> operations) {
            int failures = Math.min(complete.getExecution().consecutiveFailures, 16);
            Duration wait = first.multipliedBy(1L << Math.min(failures, 30));
            if (wait.compareTo(max) > 0) {
                wait = max;
            }
            log.warn("Timer {} failed ({} times before); trying again in {}", complete.getExecution().taskInstance,
                    failures + 1, wait, complete.getCause().orElse(null));
            operations.reschedule(complete, complete.getTimeDone().plus(wait));
        }
    }
}
