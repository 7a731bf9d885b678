package dev.rehearsal.drill.pipeline;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.restore.Workers;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.verify.Verifier;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One verified restore, resolved up front.
 *
 * @param runId              the drill or restore id; it names the sandbox and marks what the run creates
 * @param repository         where the backup is
 * @param backup             which committed backup
 * @param sink               where to restore
 * @param target             which table, how it is claimed, and what becomes of it
 * @param spotChecks         how many backup items are read back by key
 * @param extraChecks        checks run after the standard ones (a canary line, SQL checks)
 * @param beforeVerification called with the target's name after the load and before the checks, or
 *                           null; tests use it to damage a restored table
 * @param progress           counters the caller may read while the restore runs
 * @param workers            where the data load and the verification scan run
 */
public record VerifiedRestoreRequest(String runId, BackupRepository repository, BackupRef backup, TableSink sink,
        Target target, int spotChecks, List<Verifier> extraChecks, Consumer<String> beforeVerification,
        RestoreProgress progress, Workers workers) {

    public VerifiedRestoreRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(target, "target");
        extraChecks = extraChecks == null ? List.of() : List.copyOf(extraChecks);
        progress = progress == null ? new RestoreProgress() : progress;
        workers = workers == null ? Workers.IN_PROCESS : workers;
    }

    public static VerifiedRestoreRequest of(String runId, BackupRepository repository, BackupRef backup, TableSink sink,
            Target target) {
        return new VerifiedRestoreRequest(runId, repository, backup, sink, target, 20, List.of(), null,
                new RestoreProgress(), Workers.IN_PROCESS);
    }

    public VerifiedRestoreRequest withSpotChecks(int n) {
        return new VerifiedRestoreRequest(runId, repository, backup, sink, target, n, extraChecks, beforeVerification,
                progress, workers);
    }

    public VerifiedRestoreRequest withExtraChecks(List<Verifier> checks) {
        return new VerifiedRestoreRequest(runId, repository, backup, sink, target, spotChecks, checks, beforeVerification,
                progress, workers);
    }

    public VerifiedRestoreRequest withBeforeVerification(Consumer<String> hook) {
        return new VerifiedRestoreRequest(runId, repository, backup, sink, target, spotChecks, extraChecks, hook, progress, workers);
    }

    /** Where the data load and the verification scan run; in this process unless given. */
    public VerifiedRestoreRequest withWorkers(Workers w) {
        return new VerifiedRestoreRequest(runId, repository, backup, sink, target, spotChecks, extraChecks,
                beforeVerification, progress, w);
    }

    public VerifiedRestoreRequest withProgress(RestoreProgress p) {
        return new VerifiedRestoreRequest(runId, repository, backup, sink, target, spotChecks, extraChecks,
                beforeVerification, p, workers);
    }
}
