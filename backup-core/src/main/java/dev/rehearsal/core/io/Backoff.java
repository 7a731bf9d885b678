package dev.rehearsal.core.io;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (from 1) wait a random time between
 * zero and {@code min(maxDelay, baseDelay * 2^(n-1))}. Jitter spreads the retries of parallel
 * segments so that they do not hit a throttled table in lock-step.
 *
 * @param maxAttempts how many times a call is tried in all, including the first; 1 means no retry
 */
public record Backoff(Duration baseDelay, Duration maxDelay, int maxAttempts) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(20), 10);

    public Backoff {
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= baseDelay <= maxDelay, was "
                    + baseDelay + " and " + maxDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("backoff maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    public static Backoff none() {
        return new Backoff(Duration.ZERO, Duration.ZERO, 1);
    }

    /** The longest wait before retry {@code retry} (1 for the first retry). */
    public long ceilingMillis(int retry) {
        long base = baseDelay.toMillis();
        int shift = Math.min(retry - 1, 30);
        long grown = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Math.min(maxDelay.toMillis(), grown);
    }

    /** A random wait for retry {@code retry}, from 0 to {@link #ceilingMillis}. */
    public long delayMillis(int retry) {
        long ceiling = ceilingMillis(retry);
        return ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
