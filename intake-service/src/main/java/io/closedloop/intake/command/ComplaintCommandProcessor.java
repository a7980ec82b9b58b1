package io.closedloop.intake.command;

import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.intake.complaint.CommandOutcome;
import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a command to its complaint exactly once per {@code commandId} (scoped to the complaint). The id is recorded in
 * {@code processed_command} in the same database transaction as the events the command caused (Axon's unit of
 * work joins the surrounding Spring transaction), so either both are stored or neither is, and a redelivery
 * finds the record and changes nothing.
 * <p>
 * Called outside a transaction (HTTP), a command is its own transaction. Called inside one (the command topic's
 * batch, {@link io.closedloop.intake.kafka.CommandTopicListener}), a command is a savepoint of it: Axon's unit of
 * work joins the savepoint, its events and its {@code processed_command} row are written on the batch's
 * connection, so the next command of the same complaint in the batch loads them (it reads through the same
 * connection), and a command that fails is rolled back to its savepoint alone, events and all. This holds because
 * the Complaint repository keeps no cache (no {@code @Aggregate(cache = ...)}, no snapshots): every command loads
 * its complaint from the event store inside the transaction, so nothing of a rolled-back command, or of a batch
 * rolled back as a whole, can survive in memory. Adding an aggregate cache would break that: a cache is updated
 * when the unit of work commits, before the batch's transaction does.
 */
@Service
public class ComplaintCommandProcessor {

    private static final int MAX_ATTEMPTS = 5;

    private final CommandGateway commandGateway;
    private final JdbcClient jdbc;
    /** a transaction of its own when there is none; a savepoint of the caller's when there is one */
    private final TransactionTemplate transaction;

    public ComplaintCommandProcessor(CommandGateway commandGateway, JdbcClient jdbc, TransactionTemplate transaction) {
        this.commandGateway = commandGateway;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(Objects.requireNonNull(transaction.getTransactionManager()));
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** What became of a command: its outcome, and whether it was a repeat of one already applied. */
    public record Result(CommandOutcome outcome, boolean repeat) {
    }

    public Result process(ComplaintCommand command, String correlationId) {
        CommandShape.check(command);
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(command, correlationId);
            } catch (RuntimeException e) {
                if (!isConflict(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                // Another command on the same complaint (or the same command, delivered twice at once) committed
                // first. Start again from the now current stream; a repeat then finds its earlier result. (Inside
                // a batch, only this command's savepoint was rolled back; READ COMMITTED lets it see the winner.)
            }
        }
    }

    /** A write that lost a race on a unique key: the complaint's sequence, or the command id. */
    private static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    private Result applyOnce(ComplaintCommand command, String correlationId) {
        return transaction.execute(status -> {
            Optional<Result> earlier = earlierResult(command);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            MetaData metaData = correlationId == null ? MetaData.emptyInstance() : MetaData.with("traceId", correlationId);
            CommandOutcome outcome = commandGateway.sendAndWait(new GenericCommandMessage<>(
                    new GenericMessage<>(command.commandId(), command, metaData), command.getClass().getName()));
            // The primary key catches a concurrent duplicate: this transaction then rolls back, events and all.
            jdbc.sql("""
                    INSERT INTO processed_command (command_id, complaint_id, command_type, accepted, reason)
                    VALUES (:id, :complaint, :type, :accepted, :reason)""")
                    .param("id", command.commandId())
                    .param("complaint", command.complaintId())
                    .param("type", command.typeName())
                    .param("accepted", outcome.accepted())
                    .param("reason", outcome.reason())
                    .update();
            return new Result(outcome, false);
        });
    }

    /**
     * The result of this command if it was applied before. Ids are scoped to their complaint; the same id for
     * another kind of command is a client's mistake (a reused Idempotency-Key), refused rather than ignored.
     */
    private Optional<Result> earlierResult(ComplaintCommand command) {
        return jdbc.sql("""
                        SELECT command_type, accepted, reason FROM processed_command
                        WHERE complaint_id = :complaint AND command_id = :id""")
                .param("complaint", command.complaintId())
                .param("id", command.commandId())
                .query((rs, n) -> {
                    if (!rs.getString("command_type").equals(command.typeName())) {
                        throw new InvalidInputException(List.of(new FieldError("commandId", "was already used for a "
                                + rs.getString("command_type") + " on this complaint; use a new id")));
                    }
                    return new Result(new CommandOutcome(rs.getBoolean("accepted"), rs.getString("reason")), true);
                })
                .optional();
    }
}
