package io.closedloop.analytics.projection;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Rows for one PostgreSQL {@code COPY ... FROM STDIN (FORMAT csv)}, built in memory and sent in one go. COPY is how a
 * fresh generation is filled: PostgreSQL then parses no statement and checks no conflict per row.
 *
 * <p>Every value that is present is quoted (a quoted empty string stays an empty string; an unquoted empty field
 * is NULL). Times are rounded to PostgreSQL's microseconds exactly as the JDBC driver rounds a bound
 * {@link java.sql.Timestamp} (half up), so a fact written by COPY equals the same fact written by an INSERT.
 */
final class CsvCopy {

    private final String statement;
    private final StringBuilder rows = new StringBuilder(64 * 1024);
    private boolean lineStarted;
    private int count;

    /** @param tableAndColumns e.g. {@code topic_fact (generation, complaint_id, topic)} */
    CsvCopy(String tableAndColumns) {
        this.statement = "copy " + tableAndColumns + " from stdin (format csv)";
    }

    CsvCopy add(String value) {
        separate();
        if (value != null) {
            rows.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    rows.append('"');
                }
                rows.append(c);
            }
            rows.append('"');
        }
        return this;
    }

    CsvCopy add(Instant value) {
        separate();
        if (value != null) {
            appendMicros(rows, value);
        }
        return this;
    }

    /**
     * The instant rounded to microseconds as {@code yyyy-MM-dd HH:mm:ss.ffffff+00}, written digit by digit: the
     * JDK's formatter costs as much as the rest of a row. Years outside 1..9999 are written by {@link Instant}.
     */
    static void appendMicros(StringBuilder to, Instant value) {
        Instant rounded = value.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        LocalDateTime t = LocalDateTime.ofEpochSecond(rounded.getEpochSecond(), rounded.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            to.append(rounded);
            return;
        }
        pad(to, t.getYear(), 4).append('-');
        pad(to, t.getMonthValue(), 2).append('-');
        pad(to, t.getDayOfMonth(), 2).append(' ');
        pad(to, t.getHour(), 2).append(':');
        pad(to, t.getMinute(), 2).append(':');
        pad(to, t.getSecond(), 2).append('.');
        pad(to, t.getNano() / 1_000, 6).append("+00");
    }

    private static StringBuilder pad(StringBuilder to, int value, int width) {
        for (int unit = width == 6 ? 100_000 : width == 4 ? 1_000 : 10; unit > 0; unit /= 10) {
            to.append((char) ('0' + value / unit % 10));
        }
        return to;
    }

    CsvCopy add(long value) {
        separate();
        rows.append(value);
        return this;
    }

    CsvCopy add(Integer value) {
        separate();
        if (value != null) {
            rows.append(value.intValue());
        }
        return this;
    }

    CsvCopy add(boolean value) {
        separate();
        rows.append(value ? 't' : 'f');
        return this;
    }

    CsvCopy add(BigDecimal value) {
        separate();
        if (value != null) {
            rows.append(value.toPlainString());
        }
        return this;
    }

    void endRow() {
        rows.append('\n');
        lineStarted = false;
        count++;
    }

    int rowCount() {
        return count;
    }

    /** The rows as they are sent. */
    String text() {
        return rows.toString();
    }

    /** Sends the rows over this connection (in its transaction, if one is open). */
    void send(Connection connection) throws SQLException {
        if (count == 0) {
            return;
        }
        byte[] bytes = text().getBytes(StandardCharsets.UTF_8);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statement, new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new SQLException("COPY into " + statement + " failed to send its rows", e);
        }
    }

    private void separate() {
        if (lineStarted) {
            rows.append(',');
        }
        lineStarted = true;
    }
}
