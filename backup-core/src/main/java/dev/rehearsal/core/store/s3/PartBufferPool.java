package dev.rehearsal.core.store.s3;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The part buffers of every object an {@link S3BackupStore} is writing, under one budget of bytes.
 *
 * <p>Each object being written holds at most one buffer of one part, from its first byte until it
 * is stored or aborted, and reuses it from part to part. When the budget is taken, the next writer
 * waits until another object is finished rather than allocate: so the heap the store's buffers take
 * is bounded by the budget, whatever the number of objects written at once (a backup writes one per
 * segment it reads). A writer never waits while it holds a buffer, so every wait ends once a holder
 * finishes its object.
 *
 * <p>Released buffers are kept for the next writer while any object is open, and dropped once none
 * is, so that an idle store holds no buffer.
 */
public final class PartBufferPool {

    private final int partSize;
    private final int capacity;
    private final String storeName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    private int leased;
    private int allocated;
    private int peakLeased;
    private int peakAllocated;
    private int waiting;
    private long waits;

    /**
     * @param partSize the size of every buffer
     * @param budgetBytes the most bytes of buffers that may exist at once; at least one part
     */
    PartBufferPool(int partSize, long budgetBytes, String storeName) {
        if (budgetBytes < partSize) {
            throw new IllegalArgumentException("buffer budget " + budgetBytes + " bytes of store " + storeName
                    + " is smaller than one part of " + partSize + " bytes");
        }
        this.partSize = partSize;
        this.capacity = (int) Math.min(Integer.MAX_VALUE, budgetBytes / partSize);
        this.storeName = storeName;
    }

    /** A buffer of one part for object {@code key}, waiting while the budget is taken. */
    byte[] acquire(String key) throws InterruptedIOException {
        lock.lock();
        try {
            if (leased == capacity) {
                waits++;
                waiting++;
                try {
                    while (leased == capacity) {
                        released.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while object '" + key + "' waited for a part buffer of store "
                            + storeName);
                } finally {
                    waiting--;
                }
            }
            leased++;
            peakLeased = Math.max(peakLeased, leased);
            byte[] buffer = free.poll();
            if (buffer == null) {
                buffer = new byte[partSize];
                allocated++;
                peakAllocated = Math.max(peakAllocated, allocated);
            }
            return buffer;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a buffer from {@link #acquire}; its contents are not cleared. */
    void release(byte[] buffer) {
        lock.lock();
        try {
            leased--;
            if (leased == 0) {
                allocated -= free.size() + 1;
                free.clear();
            } else {
                free.push(buffer);
            }
            released.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The budget in bytes, rounded down to whole parts. */
    public long budgetBytes() {
        return (long) capacity * partSize;
    }

    public int partSize() {
        return partSize;
    }

    /** The most bytes of buffers held by writers at once since this pool was made. */
    public long peakLeasedBytes() {
        lock.lock();
        try {
            return (long) peakLeased * partSize;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes of buffers in existence at once (held or kept for reuse) since this pool was made. */
    public long peakAllocatedBytes() {
        lock.lock();
        try {
            return (long) peakAllocated * partSize;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of buffers in existence now, held or kept for reuse. */
    public long allocatedBytes() {
        lock.lock();
        try {
            return (long) allocated * partSize;
        } finally {
            lock.unlock();
        }
    }

    /** Writers waiting for a buffer now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** How many times a writer had to wait for a buffer since this pool was made. */
    public long waits() {
        lock.lock();
        try {
            return waits;
        } finally {
            lock.unlock();
        }
    }
}
