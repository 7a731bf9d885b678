package dev.rehearsal.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffAndRateLimiterTest {

    @Test
    void ceilingGrowsExponentiallyUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 10);
        assertThat(b.ceilingMillis(1)).isEqualTo(50);
        assertThat(b.ceilingMillis(2)).isEqualTo(100);
        assertThat(b.ceilingMillis(4)).isEqualTo(400);
        assertThat(b.ceilingMillis(6)).isEqualTo(1000);
        assertThat(b.ceilingMillis(60)).isEqualTo(1000);
    }

    @Test
    void delaysAreJitteredWithinTheCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 10);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1_000; i++) {
            long d = b.delayMillis(3);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(0).isLessThan(100);
        assertThat(max).isLessThanOrEqualTo(400).isGreaterThan(300);
    }

    @Test
    void retrierRetriesATransientErrorUntilTheCallSucceeds() throws Exception {
        Retrier retrier = new Retrier(new Backoff(Duration.ZERO, Duration.ZERO, 4), e -> e instanceof IllegalStateException);
        AtomicInteger calls = new AtomicInteger();

        String result = retrier.call(() -> calls.incrementAndGet() < 3 ? fail(new IllegalStateException("busy")) : "ok");

        assertThat(result).isEqualTo("ok");
        assertThat(calls).as("two failures, then the call that succeeded").hasValue(3);
    }

    @Test
    void retrierGivesUpAfterMaxAttemptsAndThrowsTheLastErrorAsItWas() {
        Retrier retrier = new Retrier(new Backoff(Duration.ZERO, Duration.ZERO, 4), e -> e instanceof IllegalStateException);
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException last = new IllegalStateException("always");

        assertThatThrownBy(() -> retrier.call(() -> {
            calls.incrementAndGet();
            return fail(last);
        })).isSameAs(last);
        assertThat(calls).as("maxAttempts counts the first call: 4 in all, not 4 retries").hasValue(4);
    }

    @Test
    void retrierNeverRetriesAPermanentError() {
        Retrier retrier = new Retrier(new Backoff(Duration.ZERO, Duration.ZERO, 4), e -> e instanceof IllegalStateException);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call(() -> {
            calls.incrementAndGet();
            return fail(new IllegalArgumentException("permanent"));
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("permanent");
        assertThat(calls).hasValue(1);
    }

    @Test
    void retrierWithOneAttemptCallsOnceEvenForATransientError() {
        Retrier retrier = new Retrier(Backoff.none(), e -> true);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call(() -> {
            calls.incrementAndGet();
            return fail(new IllegalStateException("busy"));
        })).hasMessage("busy");
        assertThat(calls).hasValue(1);
    }

    @Test
    void rateLimiterHoldsTheLongRunRate() throws Exception {
        RateLimiter limiter = new RateLimiter(1_000);
        long start = System.nanoTime();
        // 3,000 permits at 1,000/s: one second may be burst, the other two must be waited for.
        for (int i = 0; i < 30; i++) {
            limiter.acquire(100);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(1_900);
    }

    private static <T> T fail(RuntimeException e) {
        throw e;
    }
}
