package io.closedloop.intake.kafka;

import com.fasterxml.jackson.core.JacksonException;
import io.closedloop.intake.intake.InvalidInputException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.sql.SQLException;
import java.util.List;

/**
 * Which failures of a consumed record are the record's own fault, and so will happen again on every delivery:
 * those go to the dead-letter topic at once; every other failure (database or broker away) is retried. The batch
 * listeners and the error handler ({@link io.closedloop.intake.config.KafkaConfig}) must agree on this, or a
 * listener would roll a whole batch back for a failure the error handler then dead-letters against the batch's
 * first record; hence one list.
 */
public final class RecordFailures {

    /**
     * A NullPointerException is a record the code cannot handle, and will not handle on the next try either:
     * retried for ever, it would stall its partition behind it, so it is dead-lettered like bad input.
     */
    public static final List<Class<? extends Exception>> DETERMINISTIC = List.of(InvalidInputException.class,
            JacksonException.class, AggregateNotFoundException.class, IllegalArgumentException.class,
            NullPointerException.class);

    private static final String UNIQUE_VIOLATION = "23505";

    private RecordFailures() {
    }

    /**
     * Whether {@code failure}, or anything that caused it, is one a new delivery would meet again: one of
     * {@link #DETERMINISTIC}, or the database refusing the data itself (SQLSTATE class 22, data exception, e.g. a
     * value too long or a NUL character; class 23, integrity violation, except a unique key, which is a race
     * another writer won and is retried). A lost connection (class 08) or a database that is shutting down is not.
     */
    public static boolean deterministic(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<? extends Exception> type : DETERMINISTIC) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && refusedData(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean refusedData(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22")
                || sqlState.startsWith("23") && !sqlState.equals(UNIQUE_VIOLATION));
    }

    /**
     * A record's own failure, as the listeners hand it to the error handler: not retried (it is in
     * {@link #DETERMINISTIC}), so a failure recognised only by its SQLSTATE is dead-lettered too.
     */
    public static final class UnusableRecordException extends IllegalArgumentException {
        public UnusableRecordException(Throwable failure) {
            super(failure.getMessage(), failure);
        }
    }

    /** Where a record is, as an operator looks it up: {@code topic-partition@offset}. */
    public static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
