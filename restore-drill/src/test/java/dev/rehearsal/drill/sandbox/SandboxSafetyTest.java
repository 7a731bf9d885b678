package dev.rehearsal.drill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.drill.CountingDynamoDbClient;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Janitor;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.restore.RestoreFailedException;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sink.TargetExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Every public path that can delete a table or write into one, aimed at a table that is not a
 * sandbox of this drill, on two real DynamoDB Local servers. Each time the table survives with
 * every item as it was, compared item by item, and the counting client shows which calls were
 * made: none that writes, or only to the drill's own sandbox.
 */
class SandboxSafetyTest {

    private static final DrillFixture fx = new DrillFixture();
    private static final String PREFIX = SandboxGuard.DEFAULT_PREFIX;
    private static final String DRILL = "20261121t161500-9f3a61";
    private static final String OTHER_DRILL = "20261121t161500-000000";
    private static final int BIG = 6_000;

    @TempDir
    static Path dir;

    /** In the source server, backed up; the sandbox server holds a different table of the same name. */
    private static String source;
    private static BackupRepository repository;
    private static BackupRef backup;
    /** A larger table, so that a restore of it can be cancelled half-way. */
    private static String big;
    private static BackupRepository bigRepository;
    private static BackupRef bigBackup;

    @BeforeAll
    static void sourceTablesAndBackups() throws Exception {
        source = fx.table("safety", 600, 100);
        repository = DrillFixture.repository(new FileSystemBackupStore(dir.resolve("small")));
        backup = fx.backup(source, repository.store()).ref();
        DrillFixture.createTable(fx.sandbox, source, 250, 90);

        big = fx.table("safety-big", BIG, 300);
        bigRepository = DrillFixture.repository(new FileSystemBackupStore(dir.resolve("big")));
        bigBackup = fx.backup(big, bigRepository.store()).ref();
    }

    @Test
    void dropRefusesAPrefixedTableThatNoDrillOfOursCreated() throws Exception {
        String foreign = TestTables.uniqueName(PREFIX + "someone-else");
        DrillFixture.createTable(fx.sandbox, foreign, 200, 80);
        var before = DrillFixture.contents(fx.sandbox, foreign);
        SandboxGuard guard = fx.guard(Set.of(source));
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            SandboxTable claimed = guard.accept(foreign, DRILL);
            assertThatThrownBy(() -> sink.drop(claimed)).isInstanceOf(SandboxViolationException.class)
                    .hasMessageContaining("refusing to delete table '" + foreign + "'");

            // Another drill's ledger entry does not make it this drill's.
            guard.ledger().record(foreign, OTHER_DRILL);
            assertThatThrownBy(() -> sink.drop(claimed)).isInstanceOf(SandboxViolationException.class)
                    .hasMessageContaining("belongs to drill " + OTHER_DRILL);

            // Nor does this drill's entry, when the table was accepted by a guard with another prefix.
            guard.ledger().release(foreign);
            guard.ledger().record(foreign, DRILL);
            SandboxTable viaWiderPrefix = new SandboxGuard("rehearsal-", Set.of(), guard.ledger()).accept(foreign, DRILL);
            assertThatThrownBy(() -> sink.drop(viaWiderPrefix)).isInstanceOf(SandboxViolationException.class)
                    .hasMessageContaining("'" + foreign + "'");
        }
        assertThat(client.writes()).isEmpty();
        assertThat(DrillFixture.contents(fx.sandbox, foreign)).isEqualTo(before);
    }

    @Test
    void dropRefusesAForgedSandboxTableNamingAProductionTable() throws Exception {
        String production = TestTables.uniqueName("prod-orders");
        DrillFixture.createTable(fx.sandbox, production, 150, 80);
        var before = DrillFixture.contents(fx.sandbox, production);
        var twinBefore = DrillFixture.contents(fx.sandbox, source);
        SandboxGuard guard = fx.guard(Set.of(source));
        // Even a ledger that wrongly claims both tables for this drill does not get them deleted.
        guard.ledger().record(production, DRILL);
        guard.ledger().record(source, DRILL);
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            for (String name : List.of(production, source)) {
                // Only this package can build a SandboxTable around a name the guard refused.
                SandboxTable forged = new SandboxTable(name, DRILL, PREFIX);
                assertThatThrownBy(() -> sink.drop(forged)).as(name).isInstanceOf(SandboxViolationException.class)
                        .hasMessageContaining("'" + name + "' is outside the sandbox");
            }
        }
        // drop reads the table's tags before asking the guard; nothing that writes was called.
        assertThat(client.writes()).isEmpty();
        assertThat(DrillFixture.contents(fx.sandbox, production)).isEqualTo(before);
        assertThat(DrillFixture.contents(fx.sandbox, source)).isEqualTo(twinBefore);
    }

    @Test
    void namesOutsideThePrefixAreRefusedBeforeAnyCall() throws Exception {
        String production = TestTables.uniqueName("prod-ledger");
        DrillFixture.createTable(fx.sandbox, production, 100, 80);
        var before = DrillFixture.contents(fx.sandbox, production);
        List<String> names = new ArrayList<>(List.of(production, source, PREFIX, PREFIX.substring(0, 10),
                "rehearsal-sandbox", "REHEARSAL-SANDBOX-" + source, "x" + PREFIX + source, " " + PREFIX + source,
                PREFIX.replace('-', '_') + source, "rehearsаl-sandbox-" + source /* Cyrillic a */));
        Random random = new Random(0x5AFE);
        String odd = " -_.A9é漢/";
        for (int i = 0; i < 500; i++) {
            StringBuilder n = new StringBuilder();
            for (int c = 1 + random.nextInt(60); c > 0; c--) {
                n.append(random.nextBoolean() ? (char) ('a' + random.nextInt(26)) : odd.charAt(random.nextInt(odd.length())));
            }
            if (!n.toString().startsWith(PREFIX)) {
                names.add(n.toString());
            }
        }
        SandboxGuard guard = fx.guard(Set.of(source));
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            for (String name : names) {
                assertThatThrownBy(() -> sink.drop(guard.accept(name, DRILL))).as(name)
                        .isInstanceOf(SandboxViolationException.class).hasMessageContaining("'" + name + "'");
            }
        }
        assertThat(client.calls()).isEmpty();
        assertThat(DrillFixture.contents(fx.sandbox, production)).isEqualTo(before);
    }

    @Test
    void aRestoreIntoAnExistingTableIsRefusedBeforeAnythingIsWritten() throws Exception {
        String taken = TestTables.uniqueName(PREFIX + "taken");
        DrillFixture.createTable(fx.sandbox, taken, 120, 80);
        SandboxGuard guard = fx.guard(Set.of(source));
        // The same name as the source (an unprefixed table in the sandbox server) and a prefixed table someone made.
        for (String target : List.of(source, taken)) {
            var before = DrillFixture.contents(fx.sandbox, target);
            CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
            try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
                RestoreFailedException e = catchThrowableOfType(RestoreFailedException.class,
                        () -> new RestoreRunner().run(RestoreRequest.of(repository, backup, sink, target)));

                assertThat(e).as(target).isNotNull();
                assertThat(e.getCause()).isInstanceOf(TargetExistsException.class)
                        .hasMessageContaining("table '" + target + "' already exists");
                assertThat(e.phase()).isEqualTo(Phase.TABLE_CREATE);
                assertThat(e.targetCreated()).isFalse();
                assertThat(e.backupDamaged()).isFalse();
            }
            assertThat(client.writes()).as(target).isEmpty();
            assertThat(DrillFixture.contents(fx.sandbox, target)).as(target).isEqualTo(before);
        }
    }

    @Test
    void aTableCreatedBetweenTheCheckAndTheCreateIsStillNeverWrittenInto() throws Exception {
        String taken = TestTables.uniqueName(PREFIX + "race");
        DrillFixture.createTable(fx.sandbox, taken, 100, 80);
        var before = DrillFixture.contents(fx.sandbox, taken);
        // The existence check is told the table is not there, as if someone created it just after the check.
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient(),
                call -> call.equals("DescribeTable " + taken)
                        ? ResourceNotFoundException.builder().message("Requested resource not found").build() : null);
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, fx.guard(Set.of(source)))) {
            RestoreFailedException e = catchThrowableOfType(RestoreFailedException.class,
                    () -> new RestoreRunner().run(RestoreRequest.of(repository, backup, sink, taken)));
            assertThat(e).isNotNull();
            assertThat(e.getCause()).isInstanceOf(TargetExistsException.class);
            assertThat(e.targetCreated()).isFalse();
        }
        // CreateTable itself refused: nothing reached the items.
        assertThat(client.writes()).containsExactly("CreateTable " + taken);
        assertThat(DrillFixture.contents(fx.sandbox, taken)).isEqualTo(before);
    }

    @Test
    void theJanitorRemovesOnlyAnOldTableUnderThePrefixThatADrillOfOursMarked() throws Exception {
        SandboxGuard guard = fx.guard(Set.of(source));
        SandboxLedger ledger = guard.ledger();
        String production = TestTables.uniqueName("prod-payments");
        String unmarked = TestTables.uniqueName(PREFIX + "unmarked");
        String malformed = TestTables.uniqueName(PREFIX + "malformed");
        String abandoned = TestTables.uniqueName(PREFIX + "abandoned");
        String running = TestTables.uniqueName(PREFIX + "running");
        for (String t : List.of(production, unmarked, malformed, abandoned)) {
            DrillFixture.createTable(fx.sandbox, t, 40, 80);
        }
        Thread.sleep(100);
        DrillFixture.createTable(fx.sandbox, running, 40, 80);
        ledger.record(production, DRILL);             // a wrong entry: no prefix, so never a sandbox
        ledger.record(malformed, "not a drill id");   // a mangled entry: no owner, and no reason to stop the sweep
        ledger.record(abandoned, DRILL);
        ledger.record(running, OTHER_DRILL);
        Map<String, Map<String, Map<String, AttributeValue>>> before = new java.util.HashMap<>();
        for (String t : List.of(production, unmarked, malformed, running, source)) {
            before.put(t, DrillFixture.contents(fx.sandbox, t));
        }

        // The janitor's clock is a day ahead; minAge puts the cut-off between the abandoned and the running table.
        Instant abandonedAt = created(abandoned);
        Instant runningAt = created(running);
        assertThat(runningAt).isAfter(abandonedAt);
        Instant cutoff = abandonedAt.plus(Duration.between(abandonedAt, runningAt).dividedBy(2));
        Instant now = runningAt.plus(Duration.ofDays(1));
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        List<String> removed;
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            removed = new Janitor(sink, guard, Duration.between(cutoff, now), Clock.fixed(now, ZoneOffset.UTC)).sweep();
        }

        assertThat(removed).containsExactly(abandoned);
        assertThat(client.writes()).containsExactly("DeleteTable " + abandoned);
        assertThat(DrillFixture.tables(fx.sandbox)).doesNotContain(abandoned).containsAll(before.keySet());
        before.forEach((t, items) -> assertThat(DrillFixture.contents(fx.sandbox, t)).as(t).isEqualTo(items));
        assertThat(ledger.owner(abandoned)).isEmpty();
    }

    @Test
    void noGuardCanBeBuiltWithAPrefixThatASourceTableStartsWith() {
        assertThatThrownBy(() -> new SandboxGuard(PREFIX, Set.of(source, PREFIX + "orders"), new InMemorySandboxLedger()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + PREFIX + "orders'");
        String stem = source.substring(0, source.indexOf('-') + 1);
        assertThatThrownBy(() -> new SandboxGuard(stem, Set.of(source), new InMemorySandboxLedger()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox prefix '" + stem + "' matches source table '" + source + "'");
    }

    @Test
    void aDrillNeverTouchesATableOfTheSourcesNameOnTheSandboxServer() throws Exception {
        var twinBefore = DrillFixture.contents(fx.sandbox, source);
        SandboxGuard guard = fx.guard(Set.of(source));
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        DrillResult r;
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            r = new DrillRunner().run(DrillRequest.of("local", source, repository, sink, guard));
        }

        assertThat(r.outcome()).as("%s", r.errors()).isEqualTo(Outcome.PASSED);
        assertThat(r.sandboxTable()).startsWith(PREFIX + source + "-");
        assertThat(client.tablesWritten()).containsExactly(r.sandboxTable());
        assertThat(client.writes()).last().isEqualTo("DeleteTable " + r.sandboxTable());
        assertThat(DrillFixture.contents(fx.sandbox, source)).isEqualTo(twinBefore);
        assertThat(DrillFixture.tables(fx.sandbox)).doesNotContain(r.sandboxTable());
    }

    @Test
    void aDrillWhoseSandboxIsTheSourceServerItselfWritesOnlyItsSandbox() throws Exception {
        var sourceBefore = DrillFixture.contents(fx.source, source);
        SandboxGuard guard = fx.guard(Set.of(source));
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sourceClient());
        DrillResult r;
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.source, client, guard)) {
            r = new DrillRunner().run(DrillRequest.of("local", source, repository, sink, guard));
        }

        assertThat(r.outcome()).as("%s", r.errors()).isEqualTo(Outcome.PASSED);
        assertThat(client.tablesWritten()).containsExactly(r.sandboxTable());
        assertThat(DrillFixture.contents(fx.source, source)).isEqualTo(sourceBefore);
        assertThat(DrillFixture.tables(fx.source)).contains(source).doesNotContain(r.sandboxTable());
    }

    @Test
    void aCancelledRestoreStopsEveryWriterAndWroteOnlyItsTarget() throws Exception {
        SandboxGuard guard = fx.guard(Set.of(big));
        SandboxTable target = guard.sandboxFor(big, DRILL);
        guard.ledger().record(target.name(), DRILL);
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        RestoreProgress progress = new RestoreProgress();
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            Throwable thrown = cancelMidLoad(progress, () -> new RestoreRunner().run(
                    RestoreRequest.of(bigRepository, bigBackup, sink, target.name()).withProgress(progress)));
            assertThat(thrown).isInstanceOf(InterruptedException.class);

            // Every writer has stopped by the time run() returns: no write comes after it.
            int writesAtReturn = client.writes().size();
            Thread.sleep(300);
            assertThat(client.writes()).hasSize(writesAtReturn);
            assertThat(client.tablesWritten()).containsExactly(target.name());
            assertThat(DrillFixture.contents(fx.sandbox, target.name()).size()).isLessThanOrEqualTo(BIG);

            sink.drop(target);
        }
        assertThat(DrillFixture.tables(fx.sandbox)).doesNotContain(target.name());
    }

    @Test
    void aCancelledDrillWroteOnlyItsSandboxAndItsCleanUpDeletesIt() throws Exception {
        List<String> tablesBefore = DrillFixture.tables(fx.sandbox);
        SandboxGuard guard = fx.guard(Set.of(big));
        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        RestoreProgress progress = new RestoreProgress();
        AtomicReference<DrillResult> result = new AtomicReference<>();
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            Throwable thrown = cancelMidLoad(progress, () -> {
                result.set(new DrillRunner().run(DrillRequest.of("local", big, bigRepository, sink, guard)
                        .withProgress(progress)));
                return null;
            });
            assertThat(thrown).isInstanceOf(InterruptedException.class);
        }
        assertThat(result.get()).isNull();
        String sandbox = client.writes().get(0).substring("CreateTable ".length());
        assertThat(sandbox).startsWith(PREFIX + big + "-");
        assertThat(client.tablesWritten()).containsExactly(sandbox);
        assertThat(client.writes()).last().isEqualTo("DeleteTable " + sandbox);
        assertThat(DrillFixture.tables(fx.sandbox)).containsExactlyInAnyOrderElementsOf(tablesBefore);
        assertThat(guard.ledger().owner(sandbox)).isEmpty();
    }

    /**
     * Runs {@code work} on its own thread, interrupts it once the data load has written some but not
     * all items, and returns what it threw.
     */
    private static Throwable cancelMidLoad(RestoreProgress progress, Callable<?> work) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                work.call();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "cancelled-by-test");
        worker.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            RestoreProgress.Snapshot s = progress.snapshot();
            if (s.phase() == Phase.DATA_LOAD && s.items() > 0) {
                assertThat(s.items()).as("cancelled mid-load").isLessThan(s.totalItems());
                break;
            }
            assertThat(s.phase()).as("the load ended before it could be cancelled").isIn(null, Phase.INTEGRITY_CHECK,
                    Phase.TABLE_CREATE, Phase.DATA_LOAD);
            assertThat(worker.isAlive()).as("ended before the load: %s", thrown.get()).isTrue();
            assertThat(System.nanoTime()).as("the load never started").isLessThan(deadline);
            Thread.sleep(1);
        }
        worker.interrupt();
        worker.join(Duration.ofMinutes(2).toMillis());
        assertThat(worker.isAlive()).as("still running two minutes after the interrupt").isFalse();
        return thrown.get();
    }

    private static Instant created(String table) {
        try (DynamoDbClient c = fx.sandboxClient()) {
            return c.describeTable(r -> r.tableName(table)).table().creationDateTime();
        }
    }
}
