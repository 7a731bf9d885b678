package dev.rehearsal.drill.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore runs no more writer threads than the sink has COPY streams, however many it is asked
 * for: a writer beyond them would only wait for a stream, holding a batch in memory.
 */
class PostgresRestoreWritersTest {

    @RegisterExtension
    static final PostgresExtension sourceDb = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void writerThreadsAreBoundedByTheSinksCopyStreams() throws Exception {
        PostgresDrillFixture fx = new PostgresDrillFixture(sourceDb, sandboxDb);
        PostgresDrillFixture.sql(sourceDb, "CREATE TABLE public.many (id int PRIMARY KEY, note text)",
                "INSERT INTO public.many SELECT g, repeat('x', 50) || g FROM generate_series(1, 100000) g");
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        BackupResult backup = fx.backup("public.many", store, 2);
        SandboxGuard guard = fx.guard(Set.of("public.many"));
        String target = guard.sandboxFor("public.many", "20261207t190000-4d5e6f").name();
        Set<String> writers = ConcurrentHashMap.newKeySet();
        AtomicBoolean restoring = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (restoring.get()) {
                Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(n -> n.startsWith("rehearsal-restore-write-")).forEach(writers::add);
                Thread.onSpinWait();
            }
        });
        try (PostgresTableSink sink = fx.sink(guard)) {
            assertThat(sink.concurrentWrites()).isEqualTo(3);
            watcher.start();
            RestoreResult r;
            try {
                r = new RestoreRunner().run(RestoreRequest.of(new BackupRepository(store), backup.ref(), sink, target)
                        .withConcurrency(2, 16));
            } finally {
                restoring.set(false);
                watcher.join();
            }
            assertThat(r.items()).isEqualTo(100_000);
            guard.ledger().record(target, "20261207t190000-4d5e6f");
            sink.drop(guard.accept(target, "20261207t190000-4d5e6f"));
        }
        assertThat(writers).as("the writer threads seen while the restore ran").isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches("rehearsal-restore-write-[0-2]"));
    }
}
