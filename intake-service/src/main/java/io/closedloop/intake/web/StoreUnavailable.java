package io.closedloop.intake.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the database cannot take writes for now, rather than a bug: the connection is gone or
 * cannot be had (PostgreSQL stopped, restarting, failing over), or PostgreSQL has no room (disk full). The request
 * is then answered 503 with Retry-After, so that a channel adapter sends it again later, instead of 500.
 */
final class StoreUnavailable {

    private StoreUnavailable() {
    }

    static boolean is(Throwable t) {
        if (t instanceof SQLTransientConnectionException // Hikari: no connection within its timeout
                || t instanceof DataAccessResourceFailureException
                || t instanceof TransientDataAccessException
                // no connection to begin with, or it broke under the commit or rollback (the fault suite's
                // postgres scenario saw "JDBC rollback failed: Connection is closed" as a 500)
                || t instanceof CannotCreateTransactionException
                || t instanceof TransactionSystemException) {
            return true;
        }
        return t instanceof SQLException sql && isUnavailableState(sql.getSQLState());
    }

    /**
     * SQLSTATE classes: 08 connection exception (refused, broken), 53 insufficient resources (53100 disk full,
     * 53200 out of memory, 53300 too many connections), 57P0x the server is shutting down or starting up.
     */
    static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0"));
    }
}
