package dev.rehearsal.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The phases an orchestrator runs separately give the same backup as run(), and commit checks the parts. */
class PhasedBackupTest {

    @TempDir
    Path dir;

    @Test
    void segmentsReadOneByOneCommitTheSameContentAsOneRun() throws Exception {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = TestTables.uniqueName("phased");
        try (DynamoDbClient c = dynamo.client()) {
            TestTables.createSimple(c, table);
            TestTables.fill(c, table, 1_000, 100);
        }
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        try (DynamoDbTableSource source = dynamo.source("local")) {
            BackupRequest request = BackupRequest.of(source, table, store).withScan(ScanOptions.defaults().withSegments(3));
            BackupRunner runner = new BackupRunner();
            BackupResult whole = runner.run(request);

            PreparedBackup prepared = runner.prepare(request);
            assertThat(prepared.segments()).isEqualTo(3);
            List<SegmentResult> results = new ArrayList<>();
            for (int s = prepared.segments() - 1; s >= 0; s--) {
                results.add(runner.readSegment(request, prepared, s));
            }
            assertThatThrownBy(() -> runner.commit(request, prepared, results.subList(0, 2), Duration.ZERO))
                    .isInstanceOf(BackupFailedException.class).hasMessageContaining("missing");
            assertThat(new BackupRepository(store).committed("local", table)).containsExactly(whole.ref());

            PreparedBackup again = runner.prepare(request);
            List<SegmentResult> all = new ArrayList<>();
            for (int s = 0; s < again.segments(); s++) {
                all.add(runner.readSegment(request, again, s));
            }
            BackupResult phased = runner.commit(request, again, all, Duration.ofMillis(1));
            assertThat(phased.manifest().contentDigest()).isEqualTo(whole.manifest().contentDigest());
            assertThat(new BackupRepository(store).committed("local", table)).containsExactly(whole.ref(), phased.ref());
        }
    }
}
