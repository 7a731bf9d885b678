package dev.rehearsal.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.postgres.PostgresDrillFixture;
import dev.rehearsal.drill.postgres.PostgresTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FORMAT.md's rule that a reader refuses a source kind it does not know, enforced where a restore
 * starts: a DynamoDB backup given to the PostgreSQL engine is refused before anything is created,
 * with an error naming both, and a drill of it is an ERROR (nothing is wrong with the backup), not
 * a FAILED one.
 */
class IncompatibleBackupTest {

    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();
    private static final DrillFixture dynamo = new DrillFixture();

    @TempDir
    Path dir;

    @Test
    void aBackupOfAnotherEngineIsRefusedBeforeAnythingIsCreated() throws Exception {
        String table = dynamo.table("kinds", 50, 80);
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        BackupResult backup = dynamo.backup(table, store);
        PostgresDrillFixture pg = new PostgresDrillFixture(sandboxDb, sandboxDb);
        SandboxGuard guard = pg.guard(Set.of());
        try (PostgresTableSink sink = pg.sink(guard)) {
            String target = guard.sandboxFor(table, "20260101t000000-aaaaaa").name();
            assertThatThrownBy(() -> new RestoreRunner().run(RestoreRequest.of(new BackupRepository(store), backup.ref(),
                    sink, target)))
                    .isInstanceOfSatisfying(RestoreFailedException.class, e -> {
                        assertThat(e.phase()).isEqualTo(Phase.INTEGRITY_CHECK);
                        assertThat(e.backupDamaged()).isFalse();
                        assertThat(e.targetCreated()).isFalse();
                    })
                    .hasMessageContaining("holds a 'dynamodb' table in format version 1")
                    .hasMessageContaining("the 'postgres' engine");
            assertThat(sink.exists(target)).isFalse();

            DrillResult drill = new DrillRunner().run(DrillRequest.of("local", table, new BackupRepository(store), sink,
                    guard));
            assertThat(drill.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(String.join(" ", drill.errors())).contains("'dynamodb'").contains("'postgres'");
            assertThat(sink.list(PostgresDrillFixture.PREFIX)).as("no sandbox left").isEmpty();
        }
    }
}
