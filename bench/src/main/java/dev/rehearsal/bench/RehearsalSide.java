package dev.rehearsal.bench;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.mysql.MySqlConnector;
import dev.rehearsal.core.source.mysql.MySqlReaders;
import dev.rehearsal.core.source.mysql.MySqlTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.mysql.MySqlTableSink;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.Checks;
import dev.rehearsal.drill.verify.VerificationContext;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rehearsal's part of {@link MariaDbBenchmark}: the MySQL source and the sandbox sink on the local
 * server, as the daemon wires them (engine.mysql's provider), with one thread count for the scan's
 * readers and segments and the restore's writers and load connections.
 */
final class RehearsalSide implements AutoCloseable {

    /** A restore into the sandbox, with what verifying and dropping it needs. */
    record Restored(RestoreResult result, BackupRepository repository, String target) {
    }

    private final MariaDbBenchmark.Server server;
    private final String table;
    private final String prefix;
    private final int threads;
    private final MySqlTableSource source;
    private final MySqlTableSink sink;

    private RehearsalSide(MariaDbBenchmark.Server server, String table, String prefix, int threads,
            MySqlTableSource source, MySqlTableSink sink) {
        this.server = server;
        this.table = table;
        this.prefix = prefix;
        this.threads = threads;
        this.source = source;
        this.sink = sink;
    }

    static RehearsalSide open(MariaDbBenchmark.Server server, String table, String prefix, int threads) {
        MySqlConnector connector = new MySqlConnector(server.url(""), server.user(),
                server.password().isEmpty() ? null : server.password());
        MySqlTableSource source = new MySqlTableSource("bench", connector, MySqlReaders.DEFAULT.withMax(threads));
        MySqlTableSink sink = new MySqlTableSink(connector, MySqlTableSource.info("sandbox", connector),
                guard(prefix, table), threads);
        return new RehearsalSide(server, table, prefix, threads, source, sink);
    }

    private static SandboxGuard guard(String prefix, String table) {
        return MySqlTableSink.guard(prefix, Set.of(table), new InMemorySandboxLedger());
    }

    /** A backup of the table into a filesystem store at {@code store}, its segments as many as the threads. */
    BackupResult backup(Path store) throws Exception {
        return new BackupRunner().run(BackupRequest.of(source, table, new FileSystemBackupStore(store))
                .withScan(ScanOptions.defaults().withSegments(threads)));
    }

    /** Restores {@code kept} from {@code store} into a new sandbox database, the {@code n}th of the run. */
    Restored restore(Path store, BackupResult kept, int n) throws Exception {
        String drillId = String.format(Locale.ROOT, "20260101t000000-%06d", n);
        String target = guard(prefix, table).sandboxFor(table, drillId).name();
        BackupRepository repository = new BackupRepository(new FileSystemBackupStore(store));
        RestoreResult result = new RestoreRunner().run(RestoreRequest.of(repository, kept.ref(), sink, target)
                .withConcurrency(threads, threads));
        return new Restored(result, repository, target);
    }

    /** The drill's standard checks on a restored sandbox; a failed one stops the benchmark. */
    List<CheckResult> verify(BackupResult kept, Restored restored) throws Exception {
        VerificationContext context = new VerificationContext(restored.repository(), kept.ref(),
                restored.result().manifest(), sink, restored.target(), restored.result().samples());
        List<CheckResult> checks = Checks.run(context, List.of());
        for (CheckResult c : checks) {
            if (!c.passed()) {
                throw new IllegalStateException("verification of '" + restored.target() + "' failed: " + c.check() + ": "
                        + c.evidence() + " " + c.details());
            }
        }
        return checks;
    }

    /** Drops the sandbox database of a restore, untimed. */
    void drop(Restored restored) throws SQLException {
        server.execute("DROP DATABASE IF EXISTS `" + restored.target() + "`");
    }

    @Override
    public void close() {
        source.close();
        sink.close();
    }
}
