package io.closedloop.intake.intake;

import io.closedloop.contract.Actor;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.command.ReceiveComplaintCommand;
import io.closedloop.intake.complaint.ComplaintIds;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

/**
 * Turns a submission from any channel into a complaint stream, once. Blocking: called outside a transaction (HTTP,
 * the channels), it returns only when the {@code ComplaintReceived} event is committed to the event store, so
 * "accepted" means durable. Called inside one (the intake topic's batch), the complaint is a savepoint of it and
 * durable when the batch commits; a later submission of the same channel message in the batch finds it there.
 */
@Service
public class ComplaintIntake {

    private final CommandGateway commandGateway;
    private final EventStore eventStore;
    private final ComplaintSubmissionValidator validator;
    /**
     * A transaction of its own when there is none; a savepoint of the caller's when there is one. Either way a
     * lost race to start the stream is rolled back before it is looked up below: PostgreSQL refuses every
     * statement of a transaction whose last statement failed until it is rolled back (to a savepoint).
     */
    private final TransactionTemplate filing;

    public ComplaintIntake(CommandGateway commandGateway, EventStore eventStore,
                           ComplaintSubmissionValidator validator, PlatformTransactionManager transactions) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
        this.validator = validator;
        this.filing = new TransactionTemplate(transactions);
        this.filing.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The complaint's id, and whether this call created it (false: the channel message was seen before). */
    public record Receipt(String complaintId, boolean created) {
    }

    public Receipt submit(ComplaintSubmission submission, Actor actor, String correlationId) {
        validator.check(submission); // the one place every submission passes, from every channel
        String complaintId = submission.channelMessageId() == null
                ? UUID.randomUUID().toString()
                : ComplaintIds.forChannelMessage(submission.channel(), submission.channelMessageId());
        if (submission.channelMessageId() != null && exists(complaintId)) {
            return new Receipt(complaintId, false);
        }
        String commandId = UUID.randomUUID().toString();
        MetaData metaData = correlationId == null ? MetaData.emptyInstance() : MetaData.with("traceId", correlationId);
        try {
            filing.executeWithoutResult(status -> commandGateway.sendAndWait(new GenericCommandMessage<>(
                    new GenericMessage<>(commandId, new ReceiveComplaintCommand(commandId, complaintId, submission,
                            actor), metaData), ReceiveComplaintCommand.class.getName())));
            return new Receipt(complaintId, true);
        } catch (RuntimeException e) {
            // Two deliveries of the same message raced past the check above: the event store's unique key let
            // exactly one of them start the stream.
            if (isConcurrentCreation(e) && exists(complaintId)) {
                return new Receipt(complaintId, false);
            }
            throw e;
        }
    }

    private boolean exists(String complaintId) {
        return eventStore.lastSequenceNumberFor(complaintId).isPresent();
    }

    private static boolean isConcurrentCreation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Axon reports a lost race to start a stream as AggregateStreamCreationException, which is not a
            // ConcurrencyException; a lost race on a later sequence is one.
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
