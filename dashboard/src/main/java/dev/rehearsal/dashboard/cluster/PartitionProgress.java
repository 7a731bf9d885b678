package dev.rehearsal.dashboard.cluster;

import dev.rehearsal.drill.restore.RestoreProgress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the partitions this process runs have written so far, by step execution: a partition that
 * loads data registers its counters here, and the worker's heartbeat writes them to the catalog,
 * where the manager adds them up.
 */
public final class PartitionProgress {

    private final Map<Long, RestoreProgress> running = new ConcurrentHashMap<>();

    /** Counts what the partition {@code stepExecutionId} writes, until {@link #done}. */
    public RestoreProgress track(long stepExecutionId) {
        return running.computeIfAbsent(stepExecutionId, id -> new RestoreProgress());
    }

    public void done(long stepExecutionId) {
        running.remove(stepExecutionId);
    }

    RestoreProgress of(long stepExecutionId) {
        return running.get(stepExecutionId);
    }
}
