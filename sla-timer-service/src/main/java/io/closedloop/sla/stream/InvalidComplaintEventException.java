package io.closedloop.sla.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record on {@code complaint.events.v1} that is not a complaint event this service can trust. Retrying cannot
 * fix it, so it goes straight to the dead-letter topic with this message as the reason.
 */
class InvalidComplaintEventException extends RuntimeException {

    InvalidComplaintEventException(ConsumerRecord<?, ?> record, String reason, Throwable cause) {
        super("%s-%d@%d is not a valid complaint event: %s".formatted(
                record.topic(), record.partition(), record.offset(), reason), cause);
    }

    InvalidComplaintEventException(ConsumerRecord<?, ?> record, String reason) {
        this(record, reason, null);
    }
}
