package dev.rehearsal.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.store.s3.PartBufferPool;
import dev.rehearsal.core.store.s3.S3BackupStore;
import dev.rehearsal.core.store.s3.S3StoreConfig;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.S3ProxyLocal;
import dev.rehearsal.core.testing.TestTables;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A backup that reads more segments at once than the S3 store has part buffers: the segments take
 * turns at the buffers, and the backup holds the same items as one to the filesystem.
 */
class S3BufferBudgetBackupTest {

    private static final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private static final int ITEMS = 1_500;
    private static final int SEGMENTS = 6;
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        table = TestTables.uniqueName("buffer-budget");
        try (DynamoDbClient client = dynamo.client()) {
            TestTables.createSimple(client, table);
            TestTables.fill(client, table, ITEMS, 3_000);
        }
    }

    @Test
    void segmentsMoreThanBuffersTakeTurnsAndTheBackupIsComplete() throws Exception {
        S3ProxyLocal s3 = S3ProxyLocal.shared();
        S3StoreConfig config = s3.config(s3.createBucket(), "backups").withBufferBudget(S3StoreConfig.MIN_PART_SIZE);
        S3BackupStore store = s3.store(config);
        BackupResult onS3;
        BackupResult onDisk;
        try (DynamoDbTableSource source = dynamo.source("local")) {
            onS3 = new BackupRunner().run(request(source, store));
            onDisk = new BackupRunner().run(request(source, new FileSystemBackupStore(dir)));
        }

        PartBufferPool buffers = store.buffers();
        assertThat(buffers.budgetBytes()).isEqualTo(S3StoreConfig.MIN_PART_SIZE);
        assertThat(buffers.peakLeasedBytes()).isEqualTo(S3StoreConfig.MIN_PART_SIZE);
        assertThat(buffers.peakAllocatedBytes()).isEqualTo(S3StoreConfig.MIN_PART_SIZE);
        assertThat(buffers.allocatedBytes()).isZero();

        Manifest m = onS3.manifest();
        assertThat(m.scan().segments()).isEqualTo(SEGMENTS);
        assertThat(m.objects()).extracting(Manifest.DataObject::segment).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(m.totals().items()).isEqualTo(ITEMS);
        assertThat(m.contentDigest()).isEqualTo(onDisk.manifest().contentDigest());
        for (Manifest.DataObject o : m.objects()) {
            byte[] stored;
            try (InputStream in = store.open(StoreLayout.objectKey(onS3.ref(), o.name()))) {
                stored = in.readAllBytes();
            }
            assertThat(stored.length).as(o.name()).isEqualTo(o.bytes());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored))).as(o.name())
                    .isEqualTo(o.sha256());
        }
    }

    private static BackupRequest request(DynamoDbTableSource source, BackupStore store) {
        return BackupRequest.of(source, table, store)
                .withScan(ScanOptions.defaults().withSegments(SEGMENTS).withPageSize(100))
                .withParallelism(SEGMENTS);
    }
}
