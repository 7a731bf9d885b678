package dev.rehearsal.core.io;

import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-run rate at or under {@code perSecond} permits, shared by every thread that holds it.
 *
 * <p>Permits may be taken after the fact ({@link #acquire(double)} with what a request actually
 * consumed): the caller then waits until that debt is paid before its next request. A burst of up
 * to one second's worth is allowed after an idle spell.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double nanosPerPermit;
    private long nextFreeNanos;

    public RateLimiter(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive finite number, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanosPerPermit = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.nextFreeNanos = System.nanoTime();
    }

    public double perSecond() {
        return perSecond;
    }

    /** Records {@code permits} as spent and waits until the rate allows the caller to go on. */
    public void acquire(double permits) throws InterruptedException {
        if (permits <= 0) {
            return;
        }
        long waitUntil;
        synchronized (this) {
            long now = System.nanoTime();
            long burstFloor = now - TimeUnit.SECONDS.toNanos(1);
            if (nextFreeNanos < burstFloor) {
                nextFreeNanos = burstFloor;
            }
            nextFreeNanos += (long) (permits * nanosPerPermit);
            waitUntil = nextFreeNanos;
        }
        long wait = waitUntil - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
