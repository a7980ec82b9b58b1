package io.closedloop.intake.kafka;

import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordFailuresTest {

    @Test
    void badInputIsTheRecordsOwnFaultWhereverItIsWrapped() {
        var invalid = new InvalidInputException(List.of(new FieldError("text", "is required")));
        assertThat(RecordFailures.deterministic(invalid)).isTrue();
        assertThat(RecordFailures.deterministic(new IllegalStateException("wrapped", invalid))).isTrue();
    }

    @Test
    void dataTheDatabaseRefusesIsDeadLetteredEvenBehindAxon() {
        // e.g. a NUL character in a text column: the same on every delivery
        var refused = new EventStoreException("append failed",
                new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021"));
        assertThat(RecordFailures.deterministic(refused)).isTrue();
        assertThat(RecordFailures.deterministic(new SQLException("null value in column", "23502"))).isTrue();
    }

    @Test
    void aLostRaceOrAnAbsentDatabaseIsRetried() {
        assertThat(RecordFailures.deterministic(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(RecordFailures.deterministic(new DataAccessResourceFailureException("down",
                new SQLException("connection refused", "08001")))).isFalse();
        assertThat(RecordFailures.deterministic(new IllegalStateException("no cause"))).isFalse();
    }
}
