package dev.rehearsal.drill.restore;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress of a restore, safe to read from any thread. The ETA comes from the rate measured
 * since the data load started, not from a guess.
 */
public final class RestoreProgress {

    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long totalItems;
    private volatile long totalBytes;
    private volatile long loadStartNanos;
    private volatile Phase phase;

    void phase(Phase p) {
        phase = p;
        if (p == Phase.DATA_LOAD) {
            loadStartNanos = System.nanoTime();
        }
    }

    void totals(long itemCount, long byteCount) {
        totalItems = itemCount;
        totalBytes = byteCount;
    }

    /** Counts items and bytes written, here or, for a load spread over workers, reported by them. */
    public void written(long itemCount, long byteCount) {
        items.addAndGet(itemCount);
        bytes.addAndGet(byteCount);
    }

    public Snapshot snapshot() {
        long done = items.get();
        long total = totalItems;
        long start = loadStartNanos;
        double seconds = start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        Duration eta = null;
        if (rate > 0 && total >= done) {
            eta = Duration.ofMillis((long) ((total - done) / rate * 1000));
        }
        double percent = total == 0 ? (phase == null ? 0 : 100) : Math.min(100.0, 100.0 * done / total);
        return new Snapshot(phase, done, total, bytes.get(), totalBytes, percent, rate, eta);
    }

    /**
     * @param phase        the phase running now, or null before the restore starts
     * @param itemsPerSecond measured since the data load started
     * @param eta          time left for the data load at the measured rate, or null until there is a rate
     */
    public record Snapshot(Phase phase, long items, long totalItems, long bytes, long totalBytes, double percent,
            double itemsPerSecond, Duration eta) {
    }
}
