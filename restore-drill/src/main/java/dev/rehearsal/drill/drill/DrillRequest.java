package dev.rehearsal.drill.drill;

import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.restore.Workers;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.verify.SqlCheck;
import java.time.Clock;
import java.util.Objects;

/**
 * One drill, resolved up front.
 *
 * @param source     the configured source name of the table
 * @param table      the table whose backups are rehearsed
 * @param repository where its backups are
 * @param sandbox    where to restore: ideally another endpoint, account or region than the source
 * @param guard      what the drill may create and delete
 * @param selection  which backup to restore
 * @param spotChecks how many random items to read back by key
 * @param canaryLine an item that must come back exactly (a data-object line), or null
 * @param beforeVerification called with the sandbox table's name after the load and before the checks,
 *                   or null; tests use it to damage a sandbox
 * @param sqlChecks  queries run against the restored table with the result each must give (engines
 *                   that answer SQL only); empty for none
 * @param progress   restore progress, readable while the drill runs
 * @param clock      for drill ids, timestamps and backup ages
 * @param workers    where the data load and the verification scan run
 */
public record DrillRequest(
        String source,
        String table,
        BackupRepository repository,
        TableSink sandbox,
        SandboxGuard guard,
        BackupSelection selection,
        int spotChecks,
        byte[] canaryLine,
        java.util.function.Consumer<String> beforeVerification,
        java.util.List<SqlCheck> sqlChecks,
        RestoreProgress progress,
        Clock clock,
        Workers workers) {

    public DrillRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(guard, "guard");
        selection = selection == null ? BackupSelection.newest() : selection;
        sqlChecks = sqlChecks == null ? java.util.List.of() : java.util.List.copyOf(sqlChecks);
        progress = progress == null ? new RestoreProgress() : progress;
        clock = clock == null ? Clock.systemUTC() : clock;
        workers = workers == null ? Workers.IN_PROCESS : workers;
    }

    public static DrillRequest of(String source, String table, BackupRepository repository, TableSink sandbox,
            SandboxGuard guard) {
        return new DrillRequest(source, table, repository, sandbox, guard, BackupSelection.newest(), 20, null, null, null,
                new RestoreProgress(), Clock.systemUTC(), Workers.IN_PROCESS);
    }

    public DrillRequest withSelection(BackupSelection s) {
        return new DrillRequest(source, table, repository, sandbox, guard, s, spotChecks, canaryLine, beforeVerification, sqlChecks, progress, clock, workers);
    }

    public DrillRequest withSpotChecks(int n) {
        return new DrillRequest(source, table, repository, sandbox, guard, selection, n, canaryLine, beforeVerification, sqlChecks, progress, clock, workers);
    }

    public DrillRequest withCanary(byte[] line) {
        return new DrillRequest(source, table, repository, sandbox, guard, selection, spotChecks, line, beforeVerification, sqlChecks, progress, clock, workers);
    }

    public DrillRequest withBeforeVerification(java.util.function.Consumer<String> hook) {
        return new DrillRequest(source, table, repository, sandbox, guard, selection, spotChecks, canaryLine, hook, sqlChecks, progress, clock, workers);
    }

    public DrillRequest withProgress(RestoreProgress p) {
        return new DrillRequest(source, table, repository, sandbox, guard, selection, spotChecks, canaryLine, beforeVerification, sqlChecks, p, clock, workers);
    }

    /** Where the drill's data load and verification scan run; in this process unless given. */
    public DrillRequest withWorkers(Workers w) {
        return new DrillRequest(source, table, repository, sandbox, guard, selection, spotChecks, canaryLine,
                beforeVerification, sqlChecks, progress, clock, w);
    }

    public DrillRequest withSqlChecks(java.util.List<SqlCheck> checks) {
        return new DrillRequest(source, table, repository, sandbox, guard, selection, spotChecks, canaryLine, beforeVerification, checks, progress, clock, workers);
    }
}
