package dev.rehearsal.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress of a real restore as another thread sees it: a table of a few thousand items loaded by
 * one writer, so that the load lasts long enough to be watched. No timing is asserted beyond
 * "mid-load" itself.
 */
class RestoreProgressTest {

    private static final String DRILL = "20261121t161500-9f3a61";
    private final DrillFixture fx = new DrillFixture();

    @TempDir
    Path dir;

    @Test
    void beforeARestoreStartsThereIsNothingToReport() {
        RestoreProgress.Snapshot s = new RestoreProgress().snapshot();
        assertThat(s.phase()).isNull();
        assertThat(s.percent()).isZero();
        assertThat(s.items()).isZero();
        assertThat(s.eta()).isNull();
    }

    @Test
    void aWatcherSeesTheLoadHalfWayWithAnEtaAndTheEndAtExactlyTheManifestsTotal() throws Exception {
        String table = fx.table("progress", 4_000, 200);
        BackupRepository repository = DrillFixture.repository(new FileSystemBackupStore(dir));
        BackupResult backup = fx.backup(table, repository.store());
        long total = backup.manifest().totals().items();
        SandboxGuard guard = fx.guard(Set.of(table));
        SandboxTable target = guard.sandboxFor(table, DRILL);
        guard.ledger().record(target.name(), DRILL);
        RestoreProgress progress = new RestoreProgress();

        List<RestoreProgress.Snapshot> seen = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                RestoreProgress.Snapshot s = progress.snapshot();
                synchronized (seen) {
                    seen.add(s);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "progress-watcher");

        RestoreResult result;
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            watcher.start();
            try {
                result = new RestoreRunner().run(RestoreRequest.of(repository, backup.ref(), sink, target.name())
                        .withConcurrency(1, 1).withProgress(progress));
            } finally {
                done.set(true);
                watcher.join();
            }
            sink.drop(target);
        }

        List<RestoreProgress.Snapshot> midLoad = seen.stream()
                .filter(s -> s.phase() == Phase.DATA_LOAD && s.items() > 0 && s.items() < total).toList();
        assertThat(midLoad).as("snapshots taken while the load ran").isNotEmpty();
        for (RestoreProgress.Snapshot s : midLoad) {
            assertThat(s.totalItems()).isEqualTo(total);
            assertThat(s.percent()).isStrictlyBetween(0.0, 100.0);
            assertThat(s.percent()).isEqualTo(100.0 * s.items() / total);
            assertThat(s.itemsPerSecond()).isPositive();
            assertThat(s.eta()).isNotNull();
            assertThat(s.eta().isNegative()).isFalse();
            assertThat(s.bytes()).isPositive().isLessThan(s.totalBytes());
        }
        // Counters only ever grow, and phases only ever move forward.
        for (int i = 1; i < seen.size(); i++) {
            RestoreProgress.Snapshot a = seen.get(i - 1);
            RestoreProgress.Snapshot b = seen.get(i);
            assertThat(b.items()).isGreaterThanOrEqualTo(a.items());
            if (a.phase() != null) {
                assertThat(b.phase()).isNotNull();
                assertThat(b.phase().ordinal()).isGreaterThanOrEqualTo(a.phase().ordinal());
            }
        }

        RestoreProgress.Snapshot end = progress.snapshot();
        assertThat(result.items()).isEqualTo(total).isEqualTo(4_000);
        assertThat(end.items()).isEqualTo(total);
        assertThat(end.totalItems()).isEqualTo(total);
        assertThat(end.percent()).isEqualTo(100.0);
        assertThat(end.phase()).isEqualTo(Phase.INDEX_BUILD);
        assertThat(end.bytes()).isEqualTo(end.totalBytes()).isEqualTo(backup.manifest().totals().uncompressedBytes());
        assertThat(result.bytes()).isEqualTo(end.bytes());
    }
}
