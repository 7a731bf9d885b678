package dev.rehearsal.core.backup;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running backup, safe to read from any thread: items and bytes (uncompressed
 * JSON) read so far, segments finished, and the source's estimate of the total.
 */
public final class BackupProgress {

    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger segmentsDone = new AtomicInteger();
    private volatile int segments;
    private volatile long estimatedItems;

    void start(int segmentCount, long estimate) {
        this.segments = segmentCount;
        this.estimatedItems = estimate;
    }

    void add(long itemCount, long byteCount) {
        items.addAndGet(itemCount);
        bytes.addAndGet(byteCount);
    }

    void segmentDone() {
        segmentsDone.incrementAndGet();
    }

    public long items() {
        return items.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public int segmentsDone() {
        return segmentsDone.get();
    }

    public int segments() {
        return segments;
    }

    /** The source's estimate of the table's item count when the backup started; it may lag. */
    public long estimatedItems() {
        return estimatedItems;
    }
}
