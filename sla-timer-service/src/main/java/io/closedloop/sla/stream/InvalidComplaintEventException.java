package io.closedloop.sla.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record on {@code complaint.events.v1} that is not a complaint event this service can trust. Retrying cannot
 * fix it, so it goes straight to the dead-letter topic with this message as the reason: which record it was, then
 * what the contract's reader found wrong with it. A class of this service, not the contract's, because the
 * dead-letter headers name it ({@code kafka_dlt-exception-cause-fqcn}, see docs/asyncapi.yaml).
 */
class InvalidComplaintEventException extends RuntimeException {

    InvalidComplaintEventException(ConsumerRecord<?, ?> record,
            io.closedloop.contract.event.InvalidComplaintEventException invalid) {
        super("%s-%d@%d is not a valid complaint event: %s".formatted(
                record.topic(), record.partition(), record.offset(), invalid.reason()), invalid);
    }
}
