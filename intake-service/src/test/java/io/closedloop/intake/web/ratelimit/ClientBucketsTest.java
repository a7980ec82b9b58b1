package io.closedloop.intake.web.ratelimit;

import io.closedloop.intake.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientBucketsTest {

    private final MovableClock clock = new MovableClock();
    private final ClientBuckets buckets = new ClientBuckets(Limits.withNoisy(100, 20), clock);

    @Test
    void aClientMaySendItsBurstThenMustWaitForTheRefill() {
        ClientKey noisy = ClientKey.adapter("noisy");
        assertThat(buckets.take(noisy).allowed()).isTrue();
        ClientBuckets.Decision second = buckets.take(noisy);
        assertThat(second.allowed()).isTrue();
        assertThat(second.remaining()).isZero();

        ClientBuckets.Decision third = buckets.take(noisy);
        assertThat(third.allowed()).isFalse();
        assertThat(third.waitFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(third.retryAfterSeconds()).isEqualTo(3);

        clock.advance(Duration.ofMillis(2_100));
        ClientBuckets.Decision early = buckets.take(noisy);
        assertThat(early.allowed()).isFalse();
        assertThat(early.retryAfterSeconds()).as("0.9 s rounds up").isEqualTo(1);

        clock.advance(Duration.ofMillis(900));
        assertThat(buckets.take(noisy).allowed()).isTrue();
    }

    @Test
    void oneClientOverItsLimitDoesNotTouchAnother() {
        ClientKey noisy = ClientKey.adapter("noisy");
        buckets.take(noisy);
        buckets.take(noisy);
        assertThat(buckets.take(noisy).allowed()).isFalse();

        ClientBuckets.Decision quiet = buckets.take(ClientKey.adapter("quiet"));
        assertThat(quiet.allowed()).isTrue();
        assertThat(quiet.limit().capacity()).as("the default limit").isEqualTo(5);
        assertThat(quiet.remaining()).isEqualTo(4);
    }

    @Test
    void anAddressNeverGetsAnAdaptersOwnLimit() {
        ClientBuckets.Decision byAddress = buckets.take(ClientKey.address("noisy"));
        assertThat(byAddress.limit().capacity()).isEqualTo(5);
    }

    @Test
    void theNumberOfBucketsKeptIsBounded() {
        ClientBuckets few = new ClientBuckets(Limits.withNoisy(10, 20), clock);
        for (int i = 0; i < 1_000; i++) {
            few.take(ClientKey.adapter("invented-" + i));
        }
        assertThat(few.trackedClients()).isLessThanOrEqualTo(10);
    }

    @Test
    void anImpossibleLimitIsRefusedAtStart() {
        assertThatThrownBy(() -> new RateLimitProperties(true, 0, 1, Duration.ofSeconds(1), Map.of(), 10,
                Duration.ofMinutes(1), false, 20)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new RateLimitProperties(true, 1, 1, Duration.ofSeconds(1),
                Map.of("x", new RateLimitProperties.Limit(1, 1, Duration.ZERO)), 10, Duration.ofMinutes(1), false, 20))
                .hasMessageContaining("clients.x");
    }
}
