package io.closedloop.feedback.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataIntegrityViolationException;

import java.io.UncheckedIOException;
import java.time.DateTimeException;

/**
 * A valid complaint event this service failed on in a way that trying again cannot change (a value its tables
 * cannot hold: a NUL character, a time PostgreSQL cannot store, a string too long for its column). It goes to the
 * dead-letter topic with this reason, rather than holding up every later event of its partition for ever (found by
 * HostileInputIT); an operator can replay it from there after a fix. A failure that can pass (the database or the
 * broker away) is not one of these: it is retried.
 */
class UnprocessableComplaintEventException extends RuntimeException {

    UnprocessableComplaintEventException(ConsumerRecord<?, ?> record, RuntimeException cause) {
        super("%s-%d@%d could not be handled: %s".formatted(record.topic(), record.partition(), record.offset(),
                cause), cause);
    }

    /** Whether handling the same event again must fail the same way. */
    static boolean deterministic(RuntimeException failure) {
        return failure instanceof IllegalArgumentException
                || failure instanceof DateTimeException
                || failure instanceof ArithmeticException
                || failure instanceof DataIntegrityViolationException
                || failure instanceof UncheckedIOException;
    }
}
