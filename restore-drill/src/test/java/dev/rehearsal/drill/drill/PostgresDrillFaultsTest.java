package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.Tamper;
import dev.rehearsal.drill.postgres.PostgresDrillFixture;
import dev.rehearsal.drill.postgres.PostgresTableSink;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damage and the hazards a PostgreSQL drill must handle, as the DynamoDB drill tests do: a
 * flipped byte, a truncated or missing object, a row deleted or changed in the sandbox, a sandbox
 * name someone else's schema holds, and a cancelled drill. Each FAILS or ERRS naming the object,
 * key or schema at fault, and leaves no sandbox behind.
 */
class PostgresDrillFaultsTest {

    @RegisterExtension
    static final PostgresExtension sourceDb = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();

    private static final String TABLE = "public.orders";
    private static PostgresDrillFixture fx;

    @TempDir
    Path dir;

    @BeforeAll
    static void table() throws Exception {
        fx = new PostgresDrillFixture(sourceDb, sandboxDb);
        PostgresDrillFixture.sql(sourceDb,
                "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(12,2), n int)",
                "CREATE INDEX orders_customer ON orders (customer)",
                "INSERT INTO orders SELECT g, 'customer ' || (g % 97), g * 1.25, g FROM generate_series(1, 6000) g");
    }

    @Test
    void flippedByteInADataObjectFailsNamingTheObject() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        BackupResult b = fx.backup(TABLE, store, 3);
        Manifest.DataObject victim = b.manifest().objects().get(1);
        Tamper.rewrite(store, StoreLayout.objectKey(b.ref(), victim.name()), bytes -> Tamper.flipByte(bytes, bytes.length / 2));
        assertFailedNaming(drill(store, null), victim.name());
    }

    @Test
    void truncatedObjectFailsNamingTheObject() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        BackupResult b = fx.backup(TABLE, store, 3);
        Manifest.DataObject victim = b.manifest().objects().get(0);
        Tamper.rewrite(store, StoreLayout.objectKey(b.ref(), victim.name()), bytes -> Arrays.copyOf(bytes, bytes.length - 50));
        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
        assertThat(String.join(" ", r.errors())).contains("truncated");
    }

    @Test
    void missingObjectFailsNamingTheObject() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        BackupResult b = fx.backup(TABLE, store, 3);
        Manifest.DataObject victim = b.manifest().objects().get(b.manifest().objects().size() - 1);
        store.delete(StoreLayout.objectKey(b.ref(), victim.name()));
        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
        assertThat(String.join(" ", r.errors())).contains("missing");
    }

    @Test
    void rowDeletedFromTheSandboxIsCaughtWithItsKey() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        fx.backup(TABLE, store, 2);
        DrillResult r = drill(store, sandbox -> sql("DELETE FROM \"" + sandbox + "\".orders WHERE id = 42"));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "item-count").passed()).isFalse();
        assertThat(check(r, "content-digest").details()).containsExactly("missing: {\"id\":\"42\"}");
        assertSandboxGone();
    }

    @Test
    void valueChangedInTheSandboxIsCaughtWithKeyAndColumn() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        fx.backup(TABLE, store, 2);
        DrillResult r = drill(store, sandbox -> sql("UPDATE \"" + sandbox + "\".orders SET n = -1 WHERE id = 777"));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "item-count").passed()).isTrue();
        assertThat(check(r, "content-digest").details()).containsExactly("changed: {\"id\":\"777\"} attributes [n]");
        assertThat(String.join(" ", r.errors())).contains("777");
        assertSandboxGone();
    }

    @Test
    void droppedIndexInTheSandboxFailsTheSchemaCheck() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        fx.backup(TABLE, store, 2);
        DrillResult r = drill(store, sandbox -> sql("DROP INDEX \"" + sandbox + "\".orders_customer"));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "schema").passed()).isFalse();
        assertThat(check(r, "schema").details()).singleElement().asString().contains("indexes").contains("orders_customer");
        assertSandboxGone();
    }

    @Test
    void aSchemaAlreadyHoldingTheSandboxNameIsNeitherWrittenNorDroppedNorLeftClaimed() throws Exception {
        String drillId = "20261121t161500-9f3a61";
        BackupStore store = new FileSystemBackupStore(dir);
        fx.backup(TABLE, store, 2);
        SandboxGuard guard = fx.guard(Set.of(TABLE));
        String taken = guard.sandboxFor(TABLE, drillId).name();
        PostgresDrillFixture.sql(sandboxDb, "CREATE SCHEMA \"" + taken + "\"",
                "CREATE TABLE \"" + taken + "\".precious (id int PRIMARY KEY, v text)",
                "INSERT INTO \"" + taken + "\".precious VALUES (1, 'keep me')");
        DrillResult r;
        try (PostgresTableSink sink = fx.sink(guard)) {
            r = new DrillRunner(now -> drillId).run(DrillRequest.of("pg", TABLE, new BackupRepository(store), sink, guard));
        }
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(String.join(" ", r.errors())).contains("'" + taken + "' already exists");
        assertThat(r.sandboxTable()).isNull();
        assertThat(guard.ledger().owner(taken)).isEmpty();
        try (PostgresTableSink sink = fx.sink(guard)) {
            Instant later = Instant.now().plus(Duration.ofDays(1));
            assertThat(new Janitor(sink, guard, Duration.ofMinutes(1), Clock.fixed(later, ZoneOffset.UTC)).sweep())
                    .doesNotContain(taken);
        }
        assertThat(PostgresDrillFixture.rowsAsText(sandboxDb, "\"" + taken + "\".precious", "id")).containsExactly("(1,\"keep me\")");
        PostgresDrillFixture.sql(sandboxDb, "DROP SCHEMA \"" + taken + "\" CASCADE");
    }

    @Test
    void cancelledDrillStopsAndLeavesNoSandbox() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        fx.backup(TABLE, store, 3);
        SandboxGuard guard = fx.guard(Set.of(TABLE));
        RestoreProgress progress = new RestoreProgress();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (PostgresTableSink sink = fx.sink(guard)) {
            Thread drill = new Thread(() -> {
                try {
                    new DrillRunner().run(DrillRequest.of("pg", TABLE, new BackupRepository(store), sink, guard)
                            .withProgress(progress));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            drill.start();
            // The operator cancels once the load has begun (or, on a fast machine, during verification).
            while (progress.snapshot().items() == 0 && drill.isAlive()) {
                Thread.sleep(1);
            }
            drill.interrupt();
            drill.join();
        }
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertSandboxGone();
    }

    @Test
    void sandboxNamesLongerThanPostgresKeepsAreRefusedNotTruncated() {
        SandboxGuard guard = fx.guard(Set.of(TABLE));
        String name = guard.sandboxFor("public." + "x".repeat(80), "20261121t161500-9f3a61").name();
        assertThat(name).hasSizeLessThanOrEqualTo(PostgresTableSink.MAX_NAME).startsWith(PostgresDrillFixture.PREFIX);
        assertThatThrownBy(() -> guard.accept(PostgresDrillFixture.PREFIX + "y".repeat(60), "20261121t161500-9f3a61"))
                .hasMessageContaining("longer than the 63");
    }

    private DrillResult drill(BackupStore store, Consumer<String> beforeVerification) throws Exception {
        SandboxGuard guard = fx.guard(Set.of(TABLE));
        try (PostgresTableSink sink = fx.sink(guard)) {
            return new DrillRunner().run(DrillRequest.of("pg", TABLE, new BackupRepository(store), sink, guard)
                    .withBeforeVerification(beforeVerification));
        }
    }

    private static void sql(String statement) {
        try {
            PostgresDrillFixture.sql(sandboxDb, statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertFailedNaming(DrillResult r, String what) throws Exception {
        assertThat(r.outcome()).as("outcome; errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        assertThat(String.join(" ", r.errors())).contains(what);
        assertSandboxGone();
    }

    private static CheckResult check(DrillResult r, String name) {
        return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
    }

    private static void assertSandboxGone() throws Exception {
        assertThat(fx.sandboxSchemas()).isEmpty();
    }
}
