package io.closedloop.ops.deadletter;

import io.closedloop.ops.OpsException;
import io.closedloop.ops.kafka.KafkaClients;
import io.closedloop.ops.kafka.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Re-drives intake's dead letters: the original key, value and headers (without the {@code kafka_dlt-*} ones) go
 * back to the original topic, partitioned by key like every record of that key, with a
 * {@code closedloop-redriven-from} header naming the dead letter. Each copy and its mark in {@link RedriveLog} are
 * one Kafka transaction.
 *
 * <p>Why this cannot copy a dead letter twice: every run uses the same transactional id, and reads the marks only
 * after {@code initTransactions()}, which completes or aborts whatever an earlier run of that id left open and fences
 * it. Two operators at once: the later one fences the earlier, whose commit then fails and keeps nothing. A record
 * that was re-driven, failed again and was dead-lettered again is a new dead letter with its own mark.
 */
public final class IntakeRedrive {

    public static final String REDRIVEN_FROM_HEADER = "closedloop-redriven-from";
    public static final String DEFAULT_TRANSACTIONAL_ID = "closed-loop-ops-redrive";

    /** What became of one dead letter. */
    public record Outcome(DeadLetter deadLetter, boolean redriven, String redrivenTo, RedriveLog.Redrive earlier) {
    }

    private final KafkaClients kafka;
    private final RedriveLog log;
    private final Clock clock;
    private final String transactionalId;
    private final String operator;

    public IntakeRedrive(KafkaClients kafka, RedriveLog log, Clock clock, String transactionalId, String operator) {
        this.kafka = kafka;
        this.log = log;
        this.clock = clock;
        this.transactionalId = transactionalId;
        this.operator = operator;
    }

    /** Re-drives each dead letter not re-driven before, in order; reports each as it goes. */
    public List<Outcome> redrive(Admin admin, TopicReader reader,
            List<DeadLetter> deadLetters, Consumer<Outcome> progress) {
        log.ensureTopic(admin);
        List<Outcome> outcomes = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.transactionalProducer(transactionalId)) {
            try {
                producer.initTransactions();
            } catch (TransactionalIdAuthorizationException e) {
                // Kafka's message does not say which id; the operator needs it for the ACL
                throw new OpsException("Kafka refused the tool the transactional id " + transactionalId
                        + " (it needs Write and Describe on it; check --command-config and the ACLs of its principal)");
            } catch (RuntimeException e) {
                throw kafka.translate(e);
            }
            Map<String, RedriveLog.Redrive> done = log.read(reader);
            for (DeadLetter deadLetter : deadLetters) {
                RedriveLog.Redrive earlier = done.get(deadLetter.coordinates());
                Outcome outcome = earlier != null ? new Outcome(deadLetter, false, null, earlier)
                        : new Outcome(deadLetter, true, copy(producer, deadLetter), null);
                outcomes.add(outcome);
                progress.accept(outcome);
            }
        }
        return outcomes;
    }

    private String copy(KafkaProducer<byte[], byte[]> producer, DeadLetter deadLetter) {
        String target = deadLetter.originalTopic();
        if (target == null) {
            throw new OpsException(deadLetter.coordinates() + " does not say which topic it came from");
        }
        List<Header> headers = new ArrayList<>();
        deadLetter.originalHeaders().stream().filter(h -> !h.key().equals(REDRIVEN_FROM_HEADER)).forEach(headers::add);
        headers.add(new RecordHeader(REDRIVEN_FROM_HEADER, deadLetter.coordinates().getBytes(StandardCharsets.UTF_8)));
        try {
            producer.beginTransaction();
            // no partition: the key decides, as for every other record of this key, so their order holds
            RecordMetadata sent = producer.send(new ProducerRecord<>(target, null, deadLetter.key(), deadLetter.value(),
                    headers)).get();
            String to = sent.topic() + "-" + sent.partition() + "@" + sent.offset();
            producer.send(log.record(new RedriveLog.Redrive(deadLetter.coordinates(), to, clock.instant(), operator)))
                    .get();
            producer.commitTransaction();
            return to;
        } catch (ProducerFencedException e) {
            throw new OpsException("another closed-loop-ops re-drive started meanwhile and took over; nothing of "
                    + deadLetter.coordinates() + " was kept by this one. See `closed-loop-ops dlt list`, then try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.abortTransaction();
            throw new OpsException("interrupted; " + deadLetter.coordinates() + " was not re-driven");
        } catch (ExecutionException e) {
            abortQuietly(producer, e);
            throw kafka.translate(e.getCause());
        } catch (RuntimeException e) {
            abortQuietly(producer, e);
            throw kafka.translate(e);
        }
    }

    /** Aborts after a failure; a failing abort is added to the failure, which is what the operator sees. */
    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer, Exception failure) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
            failure.addSuppressed(abortFailed);
        }
    }
}
