package dev.rehearsal.drill;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two real DynamoDB Local servers, one holding the source tables and one the sandboxes, as the
 * recommended setup keeps them apart; and helpers to back up a table and build a sink.
 */
public final class DrillFixture {

    public static final Backoff QUICK = new Backoff(Duration.ofMillis(5), Duration.ofMillis(200), 5);

    private static DynamoDbLocal sandboxServer;

    public final DynamoDbLocal source = DynamoDbLocal.shared();
    public final DynamoDbLocal sandbox = sandboxServer();

    private static synchronized DynamoDbLocal sandboxServer() {
        if (sandboxServer == null) {
            sandboxServer = DynamoDbLocal.start();
            DynamoDbLocal s = sandboxServer;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stopQuietly));
        }
        return sandboxServer;
    }

    public DynamoDbClient sourceClient() {
        return source.client();
    }

    public DynamoDbClient sandboxClient() {
        return sandbox.client();
    }

    /** A table of {@code count} items of about {@code bytes} bytes in the source server. */
    public String table(String stem, long count, int bytes) {
        String name = TestTables.uniqueName(stem);
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, name);
            TestTables.fill(c, name, count, bytes);
        }
        return name;
    }

    public BackupResult backup(String table, BackupStore store) throws Exception {
        try (DynamoDbTableSource src = source.source("local")) {
            return new BackupRunner().run(BackupRequest.of(src, table, store)
                    .withScan(ScanOptions.defaults().withSegments(3)).withMaxObjectBytes(64 * 1024));
        }
    }

    /** A table named exactly {@code name} in {@code server}, of {@code count} items of about {@code bytes} bytes. */
    public static void createTable(DynamoDbLocal server, String name, long count, int bytes) {
        try (DynamoDbClient c = server.client()) {
            TestTables.createSimple(c, name);
            TestTables.fill(c, name, count, bytes);
        }
    }

    /** Every item of a table by its key {@code pk}, read consistently, for comparing item by item. */
    public static Map<String, Map<String, AttributeValue>> contents(DynamoDbLocal server, String table) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        try (DynamoDbClient c = server.client()) {
            c.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                    .forEach(item -> items.put(item.get("pk").s(), item));
        }
        return items;
    }

    /** Table names on a server. */
    public static List<String> tables(DynamoDbLocal server) {
        try (DynamoDbClient c = server.client()) {
            return c.listTablesPaginator().tableNames().stream().toList();
        }
    }

    public SandboxGuard guard(Set<String> sourceTables) {
        return new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, sourceTables, new InMemorySandboxLedger());
    }

    public DynamoDbTableSink sink(SandboxGuard guard) {
        return new DynamoDbTableSink(sandbox.client(),
                DynamoDbTableSource.info("sandbox", sandbox.endpoint(), DynamoDbLocal.REGION), guard, QUICK);
    }

    /** A sink on {@code server} that calls it through {@code client}, for example a counting one. */
    public static DynamoDbTableSink sink(DynamoDbLocal server, DynamoDbClient client, SandboxGuard guard) {
        return new DynamoDbTableSink(client, DynamoDbTableSource.info("sandbox", server.endpoint(), DynamoDbLocal.REGION),
                guard, QUICK);
    }

    public static BackupRepository repository(BackupStore store) {
        return new BackupRepository(store);
    }
}
