package io.closedloop.feedback.command;

import io.closedloop.contract.topic.Topic;
import io.closedloop.feedback.config.FeedbackProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the command outbox to {@code complaint.commands.v1}, keyed by complaint id, oldest first. A row is marked
 * sent only once the broker has the record; if the broker is away the rows wait and are sent when it is back (at
 * least once: a crash between the send and the mark sends it again, and the complaint applies it once).
 */
@Component
class CommandRelay {

    private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);
    private static final int BATCH = 200;

    private final CommandOutbox outbox;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final FeedbackProperties properties;
    private final Clock clock;
    private final Counter sent;

    CommandRelay(CommandOutbox outbox, KafkaTemplate<String, byte[]> kafka, TransactionTemplate transactions,
            FeedbackProperties properties, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.sent = Counter.builder("closedloop.feedback.commands.sent")
                .description("Commands sent to the complaint on complaint.commands.v1")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${closedloop.feedback.commands.relay-interval}")
    void relay() {
        try {
            Integer count;
            do {
                count = transactions.execute(status -> sendBatch());
            } while (count != null && count == BATCH);
        } catch (RuntimeException e) {
            log.warn("Commands wait in the outbox, the broker did not take them: {}", e.toString());
        }
    }

    private int sendBatch() {
        List<CommandOutbox.Pending> pending = outbox.lockUnsent(BATCH);
        if (pending.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (CommandOutbox.Pending command : pending) {
            var record = new ProducerRecord<>(Topic.COMPLAINT_COMMANDS.topicName(), command.complaintId(),
                    command.payload());
            if (command.correlationId() != null) {
                record.headers().add("correlationId", command.correlationId().getBytes(StandardCharsets.UTF_8));
            }
            sends.add(kafka.send(record));
        }
        long deadline = System.nanoTime() + properties.commands().sendTimeout().toNanos();
        for (CompletableFuture<?> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending commands", e);
            } catch (ExecutionException | TimeoutException e) {
                // the transaction rolls back: every row of the batch stays unsent and is sent again
                throw new IllegalStateException("the broker did not take the commands within "
                        + properties.commands().sendTimeout(), e);
            }
        }
        outbox.markSent(pending.stream().map(CommandOutbox.Pending::commandId).toList(), clock.instant());
        sent.increment(pending.size());
        return pending.size();
    }
}
