package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DrillEndToEndTest {

    private final DrillFixture fx = new DrillFixture();

    @TempDir
    Path dir;

    @Test
    void aCleanBackupPassesWithPhaseTimingsAndTheSandboxIsGone() throws Exception {
        String table = fx.table("orders", 3_000, 150);
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        BackupResult backup = fx.backup(table, store);
        SandboxGuard guard = fx.guard(Set.of(table));
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            DrillResult result = new DrillRunner().run(DrillRequest.of("local", table, DrillFixture.repository(store), sink, guard));

            assertThat(result.errors()).isEmpty();
            assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
            assertThat(result.backupId()).isEqualTo(backup.ref().id().value());
            assertThat(result.items()).isEqualTo(3_000);
            assertThat(result.checks()).extracting(CheckResult::check)
                    .containsExactly("item-count", "content-digest", "schema", "spot-check");
            assertThat(result.checks()).allMatch(CheckResult::passed);
            assertThat(result.phases().keySet()).containsExactlyInAnyOrder(Phase.values());
            assertThat(result.recoveryTime()).isPositive();
            assertThat(result.itemsPerSecond()).isPositive();
            assertThat(result.sandboxTable()).startsWith("rehearsal-sandbox-" + table + "-");
            try (DynamoDbClient c = fx.sandboxClient()) {
                assertThat(c.listTables().tableNames()).doesNotContain(result.sandboxTable());
            }
        }
    }
}
