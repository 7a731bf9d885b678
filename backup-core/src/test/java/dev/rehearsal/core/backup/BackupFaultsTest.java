package dev.rehearsal.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.dynamodb.DynamoDbCanonical;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreOutput;
import dev.rehearsal.core.store.StoredObject;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.FaultInjectingDynamoDbClient;
import dev.rehearsal.core.testing.S3ProxyLocal;
import dev.rehearsal.core.store.s3.S3BackupStore;
import dev.rehearsal.core.testing.TestTables;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Bad input and faults: each gives one error naming the table and the store, and leaves no
 * manifest (and, where Rehearsal could clean up, no objects) behind. A backup retried after a
 * half-way failure holds every item exactly once.
 */
class BackupFaultsTest {

    private static final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 3);
    private static DynamoDbClient client;
    private static String table;
    private static String emptyTable;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        client = dynamo.client();
        table = TestTables.uniqueName("faults");
        TestTables.createSimple(client, table);
        TestTables.fill(client, table, 2_000, 100);
        emptyTable = TestTables.uniqueName("empty");
        TestTables.createSimple(client, emptyTable);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void unknownTableIsNamedAndNothingIsWritten() {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        try (TableSource source = source(client)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, "no-such-table", store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table 'no-such-table'")
                    .hasMessageContaining("table not found")
                    .hasMessageContaining(store.name());
        }
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void wrongCredentialsAreReportedWithTheTableAndStore() {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        // DynamoDB Local rejects access key ids that are not letters and digits, as AWS rejects unknown ones.
        try (DynamoDbTableSource source = DynamoDbTableSource.connect("local", dynamo.endpoint(), DynamoDbLocal.REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("not-a-valid-key!", "secret")), QUICK)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("security token");
        }
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void missingCredentialsAreReportedWithTheTableAndStore() {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        try (DynamoDbTableSource source = DynamoDbTableSource.connect("local", dynamo.endpoint(), DynamoDbLocal.REGION,
                ProfileCredentialsProvider.create("rehearsal-no-such-profile"), QUICK)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("rehearsal-no-such-profile");
        }
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void unreachableEndpointIsRetriedThenReported() {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        try (DynamoDbTableSource source = DynamoDbTableSource.connect("local", closed, DynamoDbLocal.REGION,
                DynamoDbLocal.CREDENTIALS, QUICK)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(closed.toString())
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("refused");
        }
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void unwritableStoreFailsBeforeTheScan() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        FileSystemBackupStore store = new FileSystemBackupStore(file.resolve("store"));
        FaultInjectingDynamoDbClient counting = new FaultInjectingDynamoDbClient(client, n -> null);
        try (TableSource source = source(counting)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("not a writable directory");
        }
        assertThat(counting.scanCalls()).isZero();
    }

    @Test
    void missingBucketFailsBeforeTheScanNamingTheStore() {
        S3ProxyLocal s3 = S3ProxyLocal.shared();
        S3BackupStore store = s3.store(s3.config("no-such-bucket-" + System.nanoTime(), "backups"));
        FaultInjectingDynamoDbClient counting = new FaultInjectingDynamoDbClient(client, n -> null);
        try (TableSource source = source(counting)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("does not exist");
        }
        assertThat(counting.scanCalls()).isZero();
    }

    @Test
    void halfWayFailureOnS3LeavesNoManifestAndNoObjects() throws Exception {
        S3BackupStore store = S3ProxyLocal.shared().newStore("half-way");
        FaultInjectingDynamoDbClient failing = new FaultInjectingDynamoDbClient(client, n -> n >= 6
                ? (DynamoDbException) DynamoDbException.builder().message("injected outage").statusCode(503).build()
                : null);
        try (TableSource source = source(failing)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)
                    .withScan(ScanOptions.defaults().withSegments(2).withPageSize(100).withBackoff(QUICK))
                    .withMaxObjectBytes(2_000)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("injected outage");
        }
        assertThat(new BackupRepository(store).committed("local", table)).isEmpty();
        assertThat(store.list("")).isEmpty();

        BackupResult retried;
        try (TableSource source = source(client)) {
            retried = new BackupRunner().run(BackupRequest.of(source, table, store)
                    .withScan(ScanOptions.defaults().withSegments(2).withPageSize(100)).withMaxObjectBytes(2_000));
        }
        assertThat(new BackupRepository(store).committed("local", table)).containsExactly(retried.ref());
        assertThat(retried.manifest().contentDigest()).isEqualTo(freshDigest(table));
    }

    @Test
    void emptyTableIsRefusedUnlessAllowed() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        try (TableSource source = source(client)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, emptyTable, store)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + emptyTable + "' is empty")
                    .hasMessageContaining(store.name());
            assertThat(filesUnder(dir)).isEmpty();

            BackupResult allowed = new BackupRunner().run(BackupRequest.of(source, emptyTable, store).withAllowEmpty(true));
            assertThat(allowed.manifest().totals().items()).isZero();
            assertThat(allowed.manifest().objects()).isEmpty();
            assertThat(allowed.manifest().contentDigest()).isEqualTo(ContentDigest.empty());
            assertThat(new BackupRepository(store).committed("local", emptyTable)).containsExactly(allowed.ref());
        }
    }

    @Test
    void throttlingIsRetriedWithBackoffAndTheBackupIsComplete() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        // Every third call of each segment's thread is throttled: counted per thread, so that segments
        // interleaving on a shared counter can never line one segment up for three faults in a row.
        ThreadLocal<int[]> calls = ThreadLocal.withInitial(() -> new int[1]);
        FaultInjectingDynamoDbClient throttled = new FaultInjectingDynamoDbClient(client, n -> calls.get()[0]++ % 3 == 1
                ? ProvisionedThroughputExceededException.builder().message("injected throttling").statusCode(400).build()
                : null);
        BackupResult result;
        try (TableSource source = source(throttled)) {
            result = new BackupRunner().run(BackupRequest.of(source, table, store)
                    .withScan(ScanOptions.defaults().withSegments(3).withPageSize(200).withBackoff(QUICK)));
        }
        assertThat(throttled.faultsInjected()).isGreaterThan(3);
        assertThat(result.manifest().contentDigest()).isEqualTo(freshDigest(table));
    }

    @Test
    void halfWayFailureLeavesNoManifestAndARetryHoldsEachItemOnce() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        // Pages succeed until the eighth scan call; from then on the server fails for good.
        FaultInjectingDynamoDbClient failing = new FaultInjectingDynamoDbClient(client, n -> n >= 8
                ? (DynamoDbException) DynamoDbException.builder().message("injected outage").statusCode(503).build()
                : null);
        try (TableSource source = source(failing)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, store)
                    .withScan(ScanOptions.defaults().withSegments(2).withPageSize(100).withBackoff(QUICK))
                    .withMaxObjectBytes(2_000)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("injected outage");
        }
        assertThat(failing.scanCalls()).isGreaterThanOrEqualTo(8);
        BackupRepository repository = new BackupRepository(store);
        assertThat(repository.committed("local", table)).isEmpty();
        assertThat(filesUnder(dir)).as("objects of the failed attempt are removed").isEmpty();

        BackupResult retried;
        try (TableSource source = source(client)) {
            retried = new BackupRunner().run(BackupRequest.of(source, table, store)
                    .withScan(ScanOptions.defaults().withSegments(2).withPageSize(100)).withMaxObjectBytes(2_000));
        }
        assertThat(repository.committed("local", table)).containsExactly(retried.ref());
        assertThat(retried.manifest().totals().items()).isEqualTo(2_000);
        assertThat(retried.manifest().contentDigest()).isEqualTo(freshDigest(table));
    }

    @Test
    void storeFailureHalfWayLeavesNoManifest() throws Exception {
        FileSystemBackupStore real = new FileSystemBackupStore(dir);
        BackupStore failing = new FailOnNthCreate(real, 4);
        try (TableSource source = source(client)) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table, failing)
                    .withScan(ScanOptions.defaults().withSegments(2).withPageSize(100)).withMaxObjectBytes(2_000)))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining(real.name())
                    .hasMessageContaining("injected disk failure");
        }
        assertThat(new BackupRepository(real).committed("local", table)).isEmpty();
        assertThat(filesUnder(dir)).isEmpty();
    }

    private static TableSource source(DynamoDbClient c) {
        return new DynamoDbTableSource(c, DynamoDbTableSource.info("local", dynamo.endpoint(), DynamoDbLocal.REGION), QUICK);
    }

    private static ContentDigest freshDigest(String name) {
        ContentDigest.Accumulator digest = new ContentDigest.Accumulator();
        DynamoDbCanonical canonical = new DynamoDbCanonical();
        client.scanPaginator(r -> r.tableName(name).consistentRead(true)).items()
                .forEach(i -> digest.add(canonical.hash(i)));
        return digest.digest();
    }

    private static List<Path> filesUnder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real store whose n-th object creation fails, as a full disk would. */
    private static final class FailOnNthCreate implements BackupStore {
        private final BackupStore delegate;
        private final int failAt;
        private final AtomicInteger creates = new AtomicInteger();

        FailOnNthCreate(BackupStore delegate, int failAt) {
            this.delegate = delegate;
            this.failAt = failAt;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void probe() throws IOException {
            delegate.probe();
        }

        @Override
        public StoreOutput create(String key) throws IOException {
            if (creates.incrementAndGet() == failAt) {
                throw new IOException("injected disk failure writing '" + key + "' to store " + name());
            }
            return delegate.create(key);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return delegate.open(key);
        }

        @Override
        public List<StoredObject> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }

        @Override
        public void delete(String key) throws IOException {
            delegate.delete(key);
        }

        @Override
        public void removeAbandonedUploads(String prefix) throws IOException {
            delegate.removeAbandonedUploads(prefix);
        }
    }
}
