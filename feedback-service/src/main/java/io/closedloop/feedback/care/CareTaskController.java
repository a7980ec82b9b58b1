package io.closedloop.feedback.care;

import io.closedloop.feedback.web.Checks;
import io.closedloop.feedback.web.ConflictException;
import io.closedloop.feedback.web.FieldError;
import io.closedloop.feedback.web.InvalidInputException;
import io.closedloop.feedback.web.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Care tasks for dissatisfied customers: list them, assign one, record how it ended. */
@RestController
@RequestMapping(path = "/api/v1/care-tasks", produces = MediaType.APPLICATION_JSON_VALUE)
class CareTaskController {

    static final Set<String> STATUSES = Set.of("open", "assigned", "done");
    /** won back; reached but still unhappy; could not be reached; declined any contact */
    static final Set<String> OUTCOMES = Set.of("won-back", "still-dissatisfied", "not-reached", "declined");

    private final CareTasks tasks;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CareTaskController(CareTasks tasks, TransactionTemplate transactions, Clock clock) {
        this.tasks = tasks;
        this.transactions = transactions;
        this.clock = clock;
    }

    record Assignment(String assignee, String by) {
    }

    record Outcome(String outcome, String note, String by) {
    }

    @GetMapping
    Mono<List<CareTask>> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String assignee, @RequestParam(required = false) String complaintId,
            @RequestParam(defaultValue = "100") int limit) {
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            if (status != null && !STATUSES.contains(status)) {
                errors.add(new FieldError("status", "must be one of open, assigned, done"));
            }
            if (limit < 1 || limit > 1000) {
                errors.add(new FieldError("limit", "must be 1 to 1000"));
            }
            InvalidInputException.throwIfAny("The care tasks cannot be listed.", errors);
            return tasks.list(status, assignee, complaintId, limit);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{taskId}")
    Mono<CareTask> get(@PathVariable String taskId) {
        return Mono.fromCallable(() -> tasks.find(taskId).orElseThrow(() -> unknown(taskId)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(path = "/{taskId}/assignment", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<CareTask> assign(@PathVariable String taskId, @RequestBody(required = false) Assignment body) {
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            Checks.actor("assignee", body == null ? null : body.assignee(), errors);
            Checks.actor("by", body == null ? null : body.by(), errors);
            InvalidInputException.throwIfAny("The care task cannot be assigned.", errors);
            return transactions.execute(status -> {
                CareTask task = tasks.lock(taskId).orElseThrow(() -> unknown(taskId));
                if ("done".equals(task.status())) {
                    throw new ConflictException("The care task is done.", new FieldError("taskId", "is done"));
                }
                tasks.assign(taskId, body.assignee().strip(), clock.instant());
                return tasks.find(taskId).orElseThrow();
            });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(path = "/{taskId}/outcome", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<CareTask> outcome(@PathVariable String taskId, @RequestBody(required = false) Outcome body) {
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            if (body == null || body.outcome() == null || !OUTCOMES.contains(body.outcome())) {
                errors.add(new FieldError("outcome",
                        "must be one of won-back, still-dissatisfied, not-reached, declined"));
            }
            Checks.text("note", body == null ? null : body.note(), 4000, errors);
            Checks.actor("by", body == null ? null : body.by(), errors);
            InvalidInputException.throwIfAny("The outcome cannot be recorded.", errors);
            return transactions.execute(status -> {
                CareTask task = tasks.lock(taskId).orElseThrow(() -> unknown(taskId));
                if ("done".equals(task.status())) {
                    throw new ConflictException("The care task is done already, with outcome " + task.outcome() + ".",
                            new FieldError("taskId", "is done"));
                }
                tasks.done(taskId, body.outcome(), Checks.strippedOrNull(body.note()), body.by().strip(),
                        clock.instant());
                return tasks.find(taskId).orElseThrow();
            });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static NotFoundException unknown(String taskId) {
        return new NotFoundException("No care task " + taskId + ".");
    }
}
