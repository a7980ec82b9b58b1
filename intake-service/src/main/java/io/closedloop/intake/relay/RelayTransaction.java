package io.closedloop.intake.relay;

import io.closedloop.intake.relay.KafkaEventRelay.RelayFailedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka transaction of one relay batch, on a transactional producer of its own taken from the factory's cache.
 * Used by one batch on one thread: {@link #begin()}, {@link #send} for every record, then {@link #commit()} or
 * {@link #abort()}, and always {@link #close()}.
 *
 * <p>The producer comes from spring-kafka's {@code DefaultKafkaProducerFactory}: {@link #close()} hands it back to
 * the cache, unless one of its transactional calls failed (a fenced producer, a commit that failed or timed out,
 * an abort that failed): then the factory closes it for good and the next batch gets a new one. Closing a producer
 * aborts its open transaction if it still can; otherwise the broker aborts it when the transactional id is used
 * again or after {@code transaction.timeout.ms}.
 */
final class RelayTransaction {

    private static final Logger log = LoggerFactory.getLogger(RelayTransaction.class);

    private enum State { NEW, OPEN, COMMITTED, ABORTED, FAILED }

    private final Producer<String, String> producer;
    private final long deliveryTimeoutMillis;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();
    private volatile Exception firstFailure;
    private State state = State.NEW;

    RelayTransaction(Producer<String, String> producer, long deliveryTimeoutMillis) {
        this.producer = producer;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
    }

    void begin() {
        producer.beginTransaction();
        state = State.OPEN;
    }

    /** Sends a record in this transaction; fails at once if Kafka has already refused an earlier one. */
    void send(ProducerRecord<String, String> record) {
        requireOpen();
        Exception failed = firstFailure;
        if (failed != null) {
            throw new RelayFailedException("Kafka refused a record of this batch; the batch will be sent again",
                    failed);
        }
        sends.add(producer.send(record, (metadata, e) -> {
            if (e != null && firstFailure == null) {
                firstFailure = e;
            }
        }));
    }

    /**
     * Waits (at most the delivery timeout) until Kafka has every record of the batch, then commits the transaction,
     * which makes the whole batch visible to {@code read_committed} readers at once. On any failure the transaction
     * is aborted, as far as Kafka still allows, and a {@link RelayFailedException} rolls the batch back.
     *
     * @return how many records the committed transaction holds
     */
    int commit() {
        requireOpen();
        try {
            awaitAcknowledgements();
        } catch (RelayFailedException e) {
            abortTransaction();
            state = State.ABORTED;
            throw e;
        }
        try {
            producer.commitTransaction();
        } catch (RuntimeException e) {
            state = State.FAILED;
            // after a failed commit, an abort is refused if the producer is fenced or in a fatal state, and
            // spring-kafka's cached producer ignores it; either way the producer is closed for good, not reused
            abortTransaction();
            throw new RelayFailedException("Kafka did not commit the batch's transaction; it will be sent again", e);
        }
        state = State.COMMITTED;
        return sends.size();
    }

    /** The batch rolled back: aborts the transaction unless it is committed already (then the retry repeats it). */
    void abort() {
        switch (state) {
            case OPEN -> {
                abortTransaction();
                state = State.ABORTED;
            }
            case COMMITTED -> log.info("The relay batch rolled back after Kafka committed its {} records; they will "
                    + "be sent again and consumers drop the repeats", sends.size());
            default -> {
                // nothing begun, or already aborted / failed in commit()
            }
        }
    }

    /** Returns the producer to the factory, which keeps it for the next batch or, if it failed, closes it. */
    void close() {
        if (state == State.OPEN) {
            // never hand back a producer with an open transaction: the next batch could not begin one
            abortTransaction();
            state = State.ABORTED;
        }
        try {
            producer.close();
        } catch (RuntimeException e) {
            log.warn("Could not close a relay producer", e);
        }
    }

    private void abortTransaction() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            log.warn("Could not abort the relay batch's Kafka transaction; its producer is closed instead and the "
                    + "broker aborts the transaction at the latest after transaction.timeout.ms", e);
        }
    }

    private void awaitAcknowledgements() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis);
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayFailedException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new RelayFailedException("Kafka refused a record of the batch; the batch will be sent again",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RelayFailedException("Kafka did not acknowledge the batch within " + deliveryTimeoutMillis
                    + " ms; it will be sent again", e);
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the relay batch's transaction is " + state);
        }
    }
}
