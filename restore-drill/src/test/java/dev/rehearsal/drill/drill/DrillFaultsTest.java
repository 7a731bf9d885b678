package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.S3ProxyLocal;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.Tamper;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Damage a drill must catch, each on real servers and on both stores, the filesystem and S3
 * (S3Proxy): the drill FAILS with a reason naming the object or the key, and its sandbox is gone
 * afterwards. And the converse: clean backups never fail.
 */
class DrillFaultsTest {

    private static final DrillFixture fx = new DrillFixture();
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void sourceTable() {
        table = fx.table("faults", 1_500, 120);
    }

    /** Makes a fresh, empty store for one test. */
    @FunctionalInterface
    interface StoreFactory {
        BackupStore create(Path dir) throws Exception;
    }

    /** Each test runs once per store: a folder of its own, or a bucket of its own on S3Proxy. */
    static Stream<Named<StoreFactory>> stores() {
        return Stream.of(
                Named.of("filesystem", FileSystemBackupStore::new),
                Named.of("s3", dir -> S3ProxyLocal.shared().newStore("backups")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void flippedByteInADataObjectFailsNamingTheObject(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = fx.backup(table, store);
        Manifest.DataObject victim = b.manifest().objects().get(1);
        String key = StoreLayout.objectKey(b.ref(), victim.name());
        Tamper.rewrite(store, key, bytes -> Tamper.flipByte(bytes, bytes.length / 2));

        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void truncatedObjectFailsNamingTheObject(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = fx.backup(table, store);
        Manifest.DataObject victim = b.manifest().objects().get(0);
        Tamper.rewrite(store, StoreLayout.objectKey(b.ref(), victim.name()), bytes -> Arrays.copyOf(bytes, bytes.length - 100));

        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
        assertThat(String.join(" ", r.errors())).contains("truncated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void missingObjectFailsNamingTheObject(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = fx.backup(table, store);
        Manifest.DataObject victim = b.manifest().objects().get(b.manifest().objects().size() - 1);
        store.delete(StoreLayout.objectKey(b.ref(), victim.name()));

        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
        assertThat(String.join(" ", r.errors())).contains("missing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void editedManifestFailsNamingTheManifest(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = fx.backup(table, store);
        // Someone "fixes" the key schema by hand: every other field still matches the data.
        Tamper.rewrite(store, StoreLayout.manifestKey(b.ref()), bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replace("\"keyType\" : \"HASH\"", "\"keyType\" : \"RANGE\"").getBytes(StandardCharsets.UTF_8));

        DrillResult r = drill(store, null);
        assertFailedNaming(r, "manifest.json");
        assertThat(String.join(" ", r.errors())).contains("modified after it was written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void itemDeletedFromTheSandboxAfterTheLoadIsCaughtWithItsKey(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        fx.backup(table, store);
        String victim = "item-0000000042";
        DrillResult r = drill(store, sandbox -> {
            try (DynamoDbClient c = fx.sandboxClient()) {
                c.deleteItem(d -> d.tableName(sandbox).key(Map.of("pk", AttributeValue.fromS(victim))));
            }
        });
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "item-count").passed()).isFalse();
        CheckResult digest = check(r, "content-digest");
        assertThat(digest.passed()).isFalse();
        assertThat(digest.details()).containsExactly("missing: {\"pk\":{\"S\":\"" + victim + "\"}}");
        assertSandboxGone(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void attributeChangedInTheSandboxIsCaughtWithKeyAndAttribute(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        fx.backup(table, store);
        String victim = "item-0000000777";
        DrillResult r = drill(store, sandbox -> {
            try (DynamoDbClient c = fx.sandboxClient()) {
                c.updateItem(u -> u.tableName(sandbox).key(Map.of("pk", AttributeValue.fromS(victim)))
                        .updateExpression("SET n = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromN("-1"))));
            }
        });
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "item-count").passed()).isTrue();
        assertThat(check(r, "content-digest").details())
                .containsExactly("changed: {\"pk\":{\"S\":\"" + victim + "\"}} attributes [n]");
        assertThat(String.join(" ", r.errors())).contains(victim);
        assertSandboxGone(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void repeatedDrillsOfCleanBackupsNeverFail(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        fx.backup(table, store);
        fx.backup(table, store);
        for (int i = 0; i < 4; i++) {
            SandboxGuard guard = fx.guard(Set.of(table));
            try (DynamoDbTableSink sink = fx.sink(guard)) {
                DrillResult r = new DrillRunner().run(DrillRequest.of("local", table, DrillFixture.repository(store), sink, guard)
                        .withSelection(i % 2 == 0 ? BackupSelection.newest() : BackupSelection.randomWithin(java.time.Duration.ofDays(1))));
                assertThat(r.outcome()).as("drill %d: %s", i, r.errors()).isEqualTo(Outcome.PASSED);
                assertSandboxGone(r);
            }
        }
    }

    private DrillResult drill(BackupStore store, Consumer<String> beforeVerification) throws Exception {
        SandboxGuard guard = fx.guard(Set.of(table));
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            return new DrillRunner().run(DrillRequest.of("local", table, DrillFixture.repository(store), sink, guard)
                    .withBeforeVerification(beforeVerification));
        }
    }

    private static void assertFailedNaming(DrillResult r, String what) {
        assertThat(r.outcome()).as("outcome; errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        assertThat(String.join(" ", r.errors())).contains(what);
        assertSandboxGone(r);
    }

    private static CheckResult check(DrillResult r, String name) {
        return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
    }

    private static void assertSandboxGone(DrillResult r) {
        try (DynamoDbClient c = fx.sandboxClient()) {
            assertThat(c.listTables().tableNames()).noneMatch(n -> n.contains(r.drillId()));
        }
    }

}
