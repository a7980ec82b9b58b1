package io.closedloop.harness.bench;

import io.closedloop.harness.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchSettingsTest {

    private static BenchSettings parse(String... args) {
        return BenchSettings.parse(Options.parse(args));
    }

    @Test
    void defaultsAreTheNyc311DayCompressedToAboutAHundredASecond() {
        BenchSettings s = parse();
        assertThat(s.arrivals()).isEqualTo(BenchSettings.Arrivals.NYC311_DAY);
        assertThat(s.compress()).isEqualTo(1300);
        assertThat(s.kafkaShare()).isEqualTo(0.5);
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.baselines()).isTrue();
        assertThat(s.rebuild()).isTrue();
        assertThat(s.sla()).isTrue();
    }

    @Test
    void readsEveryOption() {
        BenchSettings s = parse("--data-dir", "/tmp/p", "--rate", "250", "--duration", "300", "--kafka-share", "0.25",
                "--preload", "100000", "--stored", "1000000", "--day-start", "08:30", "--no-rebuild", "--chinese", "/data/zh.csv");
        assertThat(s.arrivals()).isEqualTo(BenchSettings.Arrivals.FIXED_RATE);
        assertThat(s.rate()).isEqualTo(250);
        assertThat(s.durationSeconds()).isEqualTo(300);
        assertThat(s.kafkaShare()).isEqualTo(0.25);
        assertThat(s.preload()).isEqualTo(100_000);
        assertThat(s.stored()).isEqualTo(1_000_000L);
        assertThat(s.dayStartMinute()).isEqualTo(8 * 60 + 30);
        assertThat(s.rebuild()).isFalse();
        assertThat(s.chinese()).isEqualTo(Path.of("/data/zh.csv"));
        assertThat(parse("--max").arrivals()).isEqualTo(BenchSettings.Arrivals.AS_FAST_AS_POSSIBLE);
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        assertThatThrownBy(() -> parse("--rate", "fast", "--kafka-share", "1.5", "--day-start", "25:00", "--colour", "red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rate: 'fast' is not a number")
                .hasMessageContaining("--kafka-share: 1.5 is out of range (0 to 1)")
                .hasMessageContaining("--day-start: '25:00' is not a time of day")
                .hasMessageContaining("--colour: unknown option");
    }

    @Test
    void oneWayOfArrivingOnly() {
        assertThatThrownBy(() -> parse("--rate", "10", "--max"))
                .hasMessageContaining("--rate, --compress, --max: choose one");
    }

    @Test
    void theKafkaShareIsSpreadEvenly() {
        assertThat(IntStream.range(0, 8).filter(n -> BenchSettings.viaKafka(n, 0.25)).toArray()).containsExactly(3, 7);
        assertThat(IntStream.range(0, 100).filter(n -> BenchSettings.viaKafka(n, 0.5)).count()).isEqualTo(50);
        assertThat(IntStream.range(0, 100).filter(n -> BenchSettings.viaKafka(n, 0)).count()).isZero();
        assertThat(IntStream.range(0, 100).filter(n -> BenchSettings.viaKafka(n, 1)).count()).isEqualTo(100);
    }
}
