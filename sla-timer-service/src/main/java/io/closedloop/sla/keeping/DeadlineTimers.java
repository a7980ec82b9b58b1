package io.closedloop.sla.keeping;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.closedloop.sla.clock.TimerRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sets durable timers in PostgreSQL (db-scheduler). Scheduling joins the caller's transaction (the starter wraps
 * the data source to make it transaction-aware), so a timer exists exactly when the decision that set it was
 * committed. With several instances, db-scheduler hands each due timer to one of them.
 */
@Component
class DeadlineTimers {

    private final ObjectProvider<SchedulerClient> scheduler;
    private final OneTimeTask<TimerRequest> task;

    // the scheduler is built from the tasks, and the task calls back into the keeping that uses this class:
    // the provider breaks the cycle
    DeadlineTimers(ObjectProvider<SchedulerClient> scheduler, OneTimeTask<TimerRequest> clockTimerTask) {
        this.scheduler = scheduler;
        this.task = clockTimerTask;
    }

    /**
     * Sets the timer unless one with the same id is already set: the same decision made twice (an event delivered
     * again). The id names the moment, so a timer for a moved moment is a new one.
     */
    void schedule(TimerRequest timer) {
        scheduler.getObject().scheduleIfNotExists(task.instance(timer.id(), timer), timer.at());
    }
}
