package io.closedloop.intake.kafka;

import io.closedloop.contract.Actor;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.intake.ComplaintIntake;
import io.closedloop.intake.intake.ComplaintSubmissionReader;
import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Complaints that channel adapters publish on {@code complaint.intake.v1} (JSON {@link ComplaintSubmission}).
 * Same validation and idempotency as the HTTP API; a record that is not valid goes to the dead-letter topic with
 * the reason (see KafkaConfig). The offset is committed only after the complaint is durable.
 */
@Component
public class IntakeTopicListener {

    private static final Logger log = LoggerFactory.getLogger(IntakeTopicListener.class);
    /** Optional header naming the adapter that published the record; recorded as the actor. */
    static final String ADAPTER_HEADER = "adapter";

    private final ComplaintIntake intake;
    private final ComplaintSubmissionReader reader;
    private final TransactionalBatch batch;

    public IntakeTopicListener(ComplaintIntake intake, ComplaintSubmissionReader reader,
                               TransactionTemplate transactions) {
        this.intake = intake;
        this.reader = reader;
        this.batch = new TransactionalBatch(transactions);
    }

    /**
     * One poll's submissions at a time, in one database transaction, each complaint a savepoint of it
     * ({@link TransactionalBatch}, {@link ComplaintIntake}). A channel message delivered again, in the same batch
     * or a later one, finds its complaint and files nothing.
     */
    @KafkaListener(id = "intake-topic", topics = "complaint.intake.v1", groupId = "intake-service", batch = "true")
    public void onSubmissions(List<ConsumerRecord<String, byte[]>> records) {
        batch.handle(records, this::submit, (record, receipt) -> log.debug("intake record {} -> complaint {} (new: {})",
                RecordFailures.position(record), receipt.complaintId(), receipt.created()));
    }

    private ComplaintIntake.Receipt submit(ConsumerRecord<String, byte[]> record) {
        ComplaintSubmission submission = reader.read(StrictUtf8.checked(record.value()));
        if (submission.channelMessageId() == null) {
            // a redelivered record (after a crash between commit and offset commit) must find its complaint again
            throw new InvalidInputException(List.of(new FieldError("channelMessageId",
                    "is required on complaint.intake.v1: it makes a redelivery harmless")));
        }
        String adapter = header(record, ADAPTER_HEADER, "kafka:complaint.intake.v1");
        return intake.submit(submission, Actor.customer(submission.channel(), adapter),
                header(record, "correlationId", null));
    }

    private static String header(ConsumerRecord<?, ?> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        String value = header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        return value == null || value.isBlank() || value.length() > 100 ? fallback : value.strip();
    }
}
