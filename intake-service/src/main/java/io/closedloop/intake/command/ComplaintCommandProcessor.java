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
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;

/**
 * Applies a command to its complaint exactly once per {@code commandId} (scoped to the complaint). The id is recorded in
 * {@code processed_command} in the same database transaction as the events the command caused (Axon's unit of
 * work joins the surrounding Spring transaction), so either both are stored or neither is, and a redelivery
 * finds the record and changes nothing.
 */
@Service
public class ComplaintCommandProcessor {

    private static final int MAX_ATTEMPTS = 5;

    private final CommandGateway commandGateway;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public ComplaintCommandProcessor(CommandGateway commandGateway, JdbcClient jdbc, TransactionTemplate transaction) {
        this.commandGateway = commandGateway;
        this.jdbc = jdbc;
        this.transaction = transaction;
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
                // first. Start again from the now current stream; a repeat then finds its earlier result.
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
