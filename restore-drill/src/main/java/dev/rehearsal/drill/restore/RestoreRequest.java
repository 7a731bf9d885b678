package dev.rehearsal.drill.restore;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.drill.sink.TableLoader;
import java.util.Map;
import java.util.Objects;

/**
 * One restore, resolved up front.
 *
 * @param repository where the backup is
 * @param backup     which committed backup
 * @param sink       where to restore
 * @param target     the new table's name; it must not exist
 * @param tags       tags set when the table is created (a sandbox carries its drill id)
 * @param onDemand   create the target as a short-lived table (see {@link dev.rehearsal.drill.sink.TableLoader#create};
 *                   the default, as for sandboxes)
 * @param readers    data objects read at once
 * @param writers    write requests in flight at once
 * @param samples    how many backup items to keep, chosen at random, for spot checks
 * @param progress   counters the caller may read while the restore runs
 * @param workers    where the data objects are loaded; {@link Workers#IN_PROCESS} unless given
 */
public record RestoreRequest(
        BackupRepository repository,
        BackupRef backup,
        TableLoader sink,
        String target,
        Map<String, String> tags,
        boolean onDemand,
        int readers,
        int writers,
        int samples,
        RestoreProgress progress,
        Workers workers) {

    public RestoreRequest {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(target, "target");
        tags = Map.copyOf(tags);
        if (readers < 1 || writers < 1 || samples < 0) {
            throw new IllegalArgumentException("readers and writers must be at least 1 and samples at least 0");
        }
        progress = progress == null ? new RestoreProgress() : progress;
        workers = workers == null ? Workers.IN_PROCESS : workers;
    }

    /** Defaults: a short-lived table, 4 readers, 16 writers, 20 samples. */
    public static RestoreRequest of(BackupRepository repository, BackupRef backup, TableLoader sink, String target) {
        return new RestoreRequest(repository, backup, sink, target, Map.of(), true, 4, 16, 20, new RestoreProgress(),
                Workers.IN_PROCESS);
    }

    public RestoreRequest withTags(Map<String, String> t) {
        return new RestoreRequest(repository, backup, sink, target, t, onDemand, readers, writers, samples, progress, workers);
    }

    public RestoreRequest withConcurrency(int readerThreads, int writerThreads) {
        return new RestoreRequest(repository, backup, sink, target, tags, onDemand, readerThreads, writerThreads, samples, progress, workers);
    }

    public RestoreRequest withSamples(int n) {
        return new RestoreRequest(repository, backup, sink, target, tags, onDemand, readers, writers, n, progress, workers);
    }

    public RestoreRequest withProgress(RestoreProgress p) {
        return new RestoreRequest(repository, backup, sink, target, tags, onDemand, readers, writers, samples, p, workers);
    }

    public RestoreRequest withWorkers(Workers w) {
        return new RestoreRequest(repository, backup, sink, target, tags, onDemand, readers, writers, samples, progress, w);
    }

    public RestoreRequest withOnDemand(boolean b) {
        return new RestoreRequest(repository, backup, sink, target, tags, b, readers, writers, samples, progress, workers);
    }
}
