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

import java.nio.charset.StandardCharsets;

/**
 * Commands that routing, SLA and feedback services send on {@code complaint.commands.v1}, keyed by complaint id
 * so one complaint's commands arrive in order. Each is applied once per commandId; a refusal by the complaint is
 * recorded on its stream, not here. A command that cannot be read, or names no existing complaint, is dead-lettered.
 */
@Component
public class CommandTopicListener {

    private static final Logger log = LoggerFactory.getLogger(CommandTopicListener.class);

    private final ComplaintCommandProcessor processor;

    public CommandTopicListener(ComplaintCommandProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(id = "command-topic", topics = "complaint.commands.v1", groupId = "intake-service")
    public void onCommand(ConsumerRecord<String, byte[]> record) throws Exception {
        ComplaintCommand command = ContractJson.mapper().readValue(StrictUtf8.decode(record.value()),
                ComplaintCommand.class);
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
        Header correlation = record.headers().lastHeader("correlationId");
        ComplaintCommandProcessor.Result result = processor.process(command,
                correlation == null ? null : new String(correlation.value(), StandardCharsets.UTF_8));
        log.debug("command {} {} on {}: {}{}", command.typeName(), command.commandId(), command.complaintId(),
                result.outcome().accepted() ? "accepted" : "rejected: " + result.outcome().reason(),
                result.repeat() ? " (repeat, ignored)" : "");
    }
}
