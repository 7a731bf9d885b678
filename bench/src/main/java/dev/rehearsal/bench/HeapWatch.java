package dev.rehearsal.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM's heap between {@link #reset()} and {@link #snapshot()}, from the collector's
 * notifications and the heap pools' peaks:
 * <ul>
 *   <li>the highest occupancy right after a collection: the data the work held on to, plus any
 *       old-generation garbage that young collections leave for later, so an upper bound on the
 *       live data; this is the figure that says whether memory is bounded,</li>
 *   <li>the highest occupancy right before a collection: how full the heap got (bounded by -Xmx,
 *       and by how long the collector chooses to wait),</li>
 *   <li>and the sum of the heap pools' own peak usages, an upper bound on both.</li>
 * </ul>
 */
final class HeapWatch {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    private final AtomicLong maxBeforeGc = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();

    /** Peak figures in bytes, and how many collections they were taken from. */
    record Snapshot(long heapMax, long poolPeaks, long maxBeforeGc, long maxAfterGc, int collections) {
    }

    HeapWatch() {
        NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            maxBeforeGc.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc()), Math::max);
            maxAfterGc.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc()), Math::max);
            collections.incrementAndGet();
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
    }

    /** Forgets every peak so far; the next snapshot covers only what runs after this. */
    void reset() throws InterruptedException {
        // Notifications arrive on another thread: wait for the one of this collection, so that it
        // is not counted after the reset below.
        int seen = collections.get();
        System.gc();
        for (int i = 0; i < 40 && collections.get() == seen; i++) {
            Thread.sleep(50);
        }
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        maxBeforeGc.set(0);
        maxAfterGc.set(0);
        collections.set(0);
    }

    Snapshot snapshot() {
        long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Snapshot(Runtime.getRuntime().maxMemory(), poolPeaks, maxBeforeGc.get(), maxAfterGc.get(),
                collections.get());
    }

    private long heapUsed(Map<String, MemoryUsage> byPool) {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage u = byPool.get(pool.getName());
            if (u != null) {
                used += u.getUsed();
            }
        }
        return used;
    }
}
