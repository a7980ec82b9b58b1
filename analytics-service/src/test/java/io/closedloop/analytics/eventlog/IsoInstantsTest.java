package io.closedloop.analytics.eventlog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

    @Test
    void readsTheContractsFormAsInstantParseDoes() {
        for (String text : new String[] {"2026-01-05T01:00:00Z", "2026-01-05T01:00:00.1Z", "2025-03-10T02:00:00.123456789Z",
                "2024-02-29T23:59:59.000001Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"}) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(IsoInstants.parse(t.toString())).as(t.toString()).isEqualTo(t);
        }
    }

    @Test
    void leavesEveryOtherFormToTheStandardReader() {
        for (String text : new String[] {"2026-01-05T01:00:00+08:00", "2026-01-05T01:00Z", "2026-01-05 01:00:00Z",
                "2026-01-05T01:00:00.Z", "2026-01-05T01:00:00.1234567890Z", "2026-02-30T01:00:00Z",
                "2026-01-05T24:00:00Z", "2016-12-31T23:59:60Z", "+10000-01-01T00:00:00Z", "2026-01-05T01:0a:00Z",
                "１２３４-01-05T01:00:00Z", "1700000000", ""}) {
            assertThat(IsoInstants.parse(text)).as(text).isNull();
        }
    }
}
