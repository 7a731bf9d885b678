package dev.rehearsal.drill.dynamodb;

import dev.rehearsal.core.io.Backoff;

/**
 * Shared by every writer of one sink: a throttle seen by any writer pauses all of them for a
 * jittered, growing delay; successes shrink the delay again. So the restore as a whole slows to
 * what the table accepts instead of each thread retrying on its own.
 */
final class Slowdown {

    private final Backoff backoff;
    private long pauseUntilNanos;
    private int level;

    Slowdown(Backoff backoff) {
        this.backoff = backoff;
    }

    /** Waits out a pause that another writer's throttle started. */
    void await() throws InterruptedException {
        long wait;
        synchronized (this) {
            wait = pauseUntilNanos - System.nanoTime();
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** A throttle was seen on this writer's {@code round}-th try of one batch. */
    void throttled(int round) throws InterruptedException {
        long delay;
        synchronized (this) {
            level = Math.min(Math.max(level + 1, round), 30);
            delay = backoff.delayMillis(level);
            pauseUntilNanos = Math.max(pauseUntilNanos, System.nanoTime() + delay * 1_000_000);
        }
        await();
    }

    synchronized void succeeded() {
        if (level > 0) {
            level--;
        }
    }
}
