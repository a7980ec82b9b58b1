package io.closedloop.sla.keeping;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends this service's decisions to the complaint on {@code complaint.commands.v1}, keyed by complaint id, and
 * waits until the broker has them. Called before the decision's transaction commits: if the commit then fails,
 * the decision is made again and the same command ids are sent again, which the complaint applies once.
 */
@Component
class ComplaintCommands {

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration sendTimeout;

    ComplaintCommands(KafkaTemplate<String, byte[]> kafka,
            @Value("${closedloop.sla.command-send-timeout:35s}") Duration sendTimeout) {
        this.kafka = kafka;
        this.sendTimeout = sendTimeout;
    }

    /** Sends the commands and waits until the broker has every one. */
    void sendAll(List<ComplaintCommand> commands, String correlationId) {
        Pending pending = new Pending();
        send(commands, correlationId, pending);
        pending.await();
    }

    /** Starts sending; {@link Pending#await()} waits for them all (one wait for a whole batch of decisions). */
    void send(List<ComplaintCommand> commands, String correlationId, Pending pending) {
        for (ComplaintCommand command : commands) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.COMPLAINT_COMMANDS.topicName(),
                    command.complaintId(), json(command));
            if (correlationId != null) {
                record.headers().add("correlationId", correlationId.getBytes(StandardCharsets.UTF_8));
            }
            pending.sends.add(kafka.send(record));
        }
    }

    Pending pending() {
        return new Pending();
    }

    /** Commands on their way to the broker. */
    final class Pending {
        private final List<CompletableFuture<?>> sends = new ArrayList<>();

        void await() {
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            for (CompletableFuture<?> send : sends) {
                try {
                    send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommandNotSentException("interrupted while sending commands", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new CommandNotSentException("the broker did not take the commands within " + sendTimeout,
                            e);
                }
            }
        }
    }

    private static byte[] json(ComplaintCommand command) {
        try {
            // written as the interface, so the "type" property that names the command is included
            return ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a contract command did not serialise: " + command, e);
        }
    }

    /** The decision is rolled back and made again later (the event is redelivered, the timer retried). */
    static final class CommandNotSentException extends RuntimeException {
        CommandNotSentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
