package io.closedloop.intake.command;

import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.intake.complaint.CommandOutcome;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Applies a command to its complaint exactly once per {@code commandId}. The id is recorded in
 * {@code processed_command} in the same database transaction as the events the command caused (Axon's unit of
 * work joins the surrounding Spring transaction), so either both are stored or neither is, and a redelivery
 * finds the record and changes nothing.
 */
@Service
public class ComplaintCommandProcessor {

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
        if (command.commandId() == null || command.commandId().isBlank()) {
            throw new IllegalArgumentException("commandId is required");
        }
        return transaction.execute(status -> {
            Optional<Result> earlier = earlierResult(command.commandId());
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

    private Optional<Result> earlierResult(String commandId) {
        return jdbc.sql("SELECT accepted, reason FROM processed_command WHERE command_id = :id")
                .param("id", commandId)
                .query((rs, n) -> new Result(new CommandOutcome(rs.getBoolean("accepted"), rs.getString("reason")), true))
                .optional();
    }
}
