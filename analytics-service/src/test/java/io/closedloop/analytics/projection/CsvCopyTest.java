package io.closedloop.analytics.projection;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCopyTest {

    private static final DateTimeFormatter POSTGRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx");

    @Test
    void writesInstantsRoundedToMicrosecondsAsTheDriverRoundsThem() {
        assertThat(micros(Instant.parse("2026-01-05T01:00:00Z"))).isEqualTo("2026-01-05 01:00:00.000000+00");
        assertThat(micros(Instant.parse("2025-03-10T02:00:00.123456499Z"))).isEqualTo("2025-03-10 02:00:00.123456+00");
        assertThat(micros(Instant.parse("2025-03-10T02:00:00.123456500Z"))).isEqualTo("2025-03-10 02:00:00.123457+00");
        assertThat(micros(Instant.parse("1999-12-31T23:59:59.999999700Z"))).isEqualTo("2000-01-01 00:00:00.000000+00");
        assertThat(micros(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000_000));
            Instant rounded = t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
            assertThat(OffsetDateTime.parse(micros(t), POSTGRES).toInstant()).as("%s", t).isEqualTo(rounded);
        }
    }

    @Test
    void quotesEveryValueAndLeavesNullsEmpty() {
        CsvCopy rows = new CsvCopy("t (a, b, c, d)");
        rows.add("say \"hi\", then\nleave \\").add((String) null).add("").add(true).endRow();
        assertThat(rows.rowCount()).isEqualTo(1);
        assertThat(rows.text()).isEqualTo("\"say \"\"hi\"\", then\nleave \\\",,\"\",t\n");
    }

    private static String micros(Instant t) {
        StringBuilder to = new StringBuilder();
        CsvCopy.appendMicros(to, t);
        return to.toString();
    }
}
