package io.closedloop.routing.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.routing.deciding.RoutingCommands;
import io.closedloop.routing.deciding.RoutingDecisions;
import io.closedloop.routing.fanout.DepartmentFanOut;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What routing-service does about one complaint event, once: the stream consumer calls it for each event of a
 * batch, and a release of a parked complaint for each event that waited.
 */
@Component
class ComplaintEventHandling {

    /** longer than the producer's delivery.timeout.ms (30 s), so nothing of a failed attempt is still pending */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(35);

    private final ProcessedEventInbox inbox;
    private final RoutingDecisions decisions;
    private final DepartmentFanOut fanOut;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;

    ComplaintEventHandling(ProcessedEventInbox inbox, RoutingDecisions decisions, DepartmentFanOut fanOut,
            KafkaTemplate<String, byte[]> kafka, Clock clock) {
        this.inbox = inbox;
        this.decisions = decisions;
        this.fanOut = fanOut;
        this.kafka = kafka;
        this.clock = clock;
    }

    /**
     * Handles the event unless it was handled before, and waits until the broker has what it sends; {@code true} if
     * this was its first delivery. Must run inside the caller's transaction: the inbox row and the event's effects
     * commit together, so a redelivery after a crash finds both or neither. Commands and department records are
     * sent, and taken by the broker, before the commit; a repeat after a failed commit sends the same command ids and
     * event ids again, which their readers de-duplicate.
     */
    boolean handle(ComplaintEventEnvelope event, byte[] value) {
        Optional<List<ProducerRecord<String, byte[]>>> out = decide(event, value);
        if (out.isEmpty()) {
            return false;
        }
        Sends sends = new Sends();
        sends.send(out.get());
        sends.await();
        return true;
    }

    /**
     * Records the event and works out what it sends, without sending anything; empty if it was handled before. Must
     * run inside the caller's transaction, like {@link #handle}. Lets the stream consumer, which handles each event
     * of a batch under its own savepoint, send only what a kept savepoint decided, and await the whole batch once.
     */
    Optional<List<ProducerRecord<String, byte[]>>> decide(ComplaintEventEnvelope event, byte[] value) {
        if (!inbox.recordIfNew(event, clock.instant())) {
            return Optional.empty();
        }
        fanOut.log(event, value);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        decisions.onEvent(event).forEach(c -> out.add(RoutingCommands.record(c, event.correlationId())));
        out.addAll(fanOut.onEvent(event, value, clock.instant()));
        return Optional.of(out);
    }

    Sends sends() {
        return new Sends();
    }

    /**
     * Records on their way to the broker. One wait for all of them, instead of one per event, is most of what a
     * batch saves: the producer sends them together (linger.ms) while the next events are handled.
     */
    final class Sends {
        private final List<CompletableFuture<?>> pending = new ArrayList<>();

        void send(List<ProducerRecord<String, byte[]>> records) {
            records.forEach(record -> pending.add(kafka.send(record)));
        }

        /** Fails if any send failed or the broker has not taken them all within {@link #SEND_TIMEOUT}. */
        void await() {
            long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
            try {
                for (CompletableFuture<?> send : pending) {
                    send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the broker did not take routing's records within " + SEND_TIMEOUT,
                        e);
            }
        }
    }
}
