package io.closedloop.intake.web;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreUnavailableTest {

    @Test
    void aDatabaseThatIsAwayOrFullIsUnavailable() {
        assertThat(StoreUnavailable.is(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(StoreUnavailable.is(new SQLException("could not extend file: No space left on device", "53100"))).isTrue();
        assertThat(StoreUnavailable.is(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(StoreUnavailable.is(new SQLTransientConnectionException("Connection is not available"))).isTrue();
        assertThat(StoreUnavailable.is(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(StoreUnavailable.is(new org.springframework.transaction.TransactionSystemException(
                "JDBC rollback failed", new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void aBrokenStatementOrAConstraintIsNotAnOutage() {
        assertThat(StoreUnavailable.is(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(StoreUnavailable.is(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(StoreUnavailable.is(new SQLException("no state"))).isFalse();
        assertThat(StoreUnavailable.is(new IllegalStateException("bug"))).isFalse();
    }
}
