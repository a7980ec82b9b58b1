package io.closedloop.intake.kafka;

import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.ReceiveComplaintCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.intake.command.ComplaintCommandProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Commands that routing, SLA and feedback services send on {@code complaint.commands.v1}, keyed by complaint id
 * so one complaint's commands arrive in order. Each is applied once per commandId; a refusal by the complaint is
 * recorded on its stream, not here. A command that cannot be read, or names no existing complaint, is dead-lettered.
 */
@Component
public class CommandTopicListener {

    private static final Logger log = LoggerFactory.getLogger(CommandTopicListener.class);

    private final ComplaintCommandProcessor processor;
    private final TransactionalBatch batch;

    public CommandTopicListener(ComplaintCommandProcessor processor, TransactionTemplate transactions) {
        this.processor = processor;
        this.batch = new TransactionalBatch(transactions);
    }

    /**
     * One poll's commands at a time, in one database transaction, each command a savepoint of it
     * ({@link TransactionalBatch}, {@link ComplaintCommandProcessor}): one commit and one offset commit per poll
     * instead of per command, which made this consumer the platform's bound (issue 9, docs/benchmarks.md). A command
     * sees the events of the ones before it in the batch; one that can never be applied is dead-lettered alone; a
     * redelivered batch changes nothing twice (commandId).
     */
    @KafkaListener(id = "command-topic", topics = "complaint.commands.v1", groupId = "intake-service", batch = "true")
    public void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        batch.handle(records, record -> processor.process(read(record), header(record, "correlationId")),
                CommandTopicListener::logResult);
    }

    /** The command a record holds, or an exception saying why it holds none intake can apply. */
    static ComplaintCommand read(ConsumerRecord<String, byte[]> record) {
        ComplaintCommand command;
        try {
            command = ContractJson.mapper().readValue(StrictUtf8.checked(record.value()), ComplaintCommand.class);
        } catch (IOException e) {
            // Jackson's own failure (not JSON, no such command type, ...) is the record's fault: dead-lettered
            throw e instanceof com.fasterxml.jackson.core.JacksonException
                    ? new IllegalArgumentException(e.getMessage(), e)
                    : new UncheckedIOException(e);
        }
        if (command == null) {
            // the JSON literal null reads as no command; found by HostileInputIT, where it stalled the partition
            throw new IllegalArgumentException("the record holds JSON null, not a command");
        }
        if (command instanceof ReceiveComplaintCommand) {
            // complaints come in through complaint.intake.v1 or HTTP, where they are validated and de-duplicated
            throw new IllegalArgumentException("ReceiveComplaint is not accepted here; publish to complaint.intake.v1");
        }
        if (command.complaintId() == null || record.key() == null || !record.key().equals(command.complaintId())) {
            // without the complaint id as key, a complaint's commands could land in different partitions, out of order
            throw new IllegalArgumentException("the record key must be the command's complaintId");
        }
        return command;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void logResult(ConsumerRecord<String, byte[]> record, ComplaintCommandProcessor.Result result) {
        if (log.isDebugEnabled()) {
            log.debug("command at {}: {}{}", RecordFailures.position(record),
                    result.outcome().accepted() ? "accepted" : "rejected: " + result.outcome().reason(),
                    result.repeat() ? " (repeat, ignored)" : "");
        }
    }
}
