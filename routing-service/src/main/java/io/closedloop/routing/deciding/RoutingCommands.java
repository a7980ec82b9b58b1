package io.closedloop.routing.deciding;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Routing's decisions as records for {@code complaint.commands.v1}, keyed by complaint id. */
public final class RoutingCommands {

    private RoutingCommands() {
    }

    public static ProducerRecord<String, byte[]> record(ComplaintCommand command, String correlationId) {
        byte[] json;
        try {
            // written as the interface, so the "type" property that names the command is included
            json = ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a contract command did not serialise: " + command, e);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.COMPLAINT_COMMANDS.topicName(),
                command.complaintId(), json);
        if (correlationId != null) {
            record.headers().add("correlationId", correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
