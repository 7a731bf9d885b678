package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.S3ProxyLocal;
import dev.rehearsal.drill.Tamper;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damage and hazards a drill must handle, the same on every engine, each on real servers: a flipped
 * byte, a truncated or missing object, an edited manifest, an item deleted or changed in the
 * sandbox after the load, a dropped index, a sandbox name someone else's table holds, and a
 * cancelled drill. Each FAILS or ERRS naming the object, key or table at fault, and leaves no
 * sandbox behind; and clean backups never fail. The damage to the backup is done on both stores,
 * the filesystem and S3 (S3Proxy).
 *
 * <p>A subclass gives the engine's source table (at least 1,000 items, keyed so that items 42 and
 * 777 exist, each with a numeric attribute {@code n}), how to back it up, a guard and a sink on the
 * sandbox server, and the engine's own means to damage a sandbox.
 */
abstract class DrillFaultsContract {

    @TempDir
    Path dir;

    /** The configured source name drills are run for. */
    protected abstract String source();

    /** The source table, as drills name it. */
    protected abstract String table();

    /** Backs the source table up into {@code store}, in more than one data object. */
    protected abstract BackupResult backup(BackupStore store) throws Exception;

    /** A fresh guard for the sandbox server, with an empty ledger. */
    protected abstract SandboxGuard guard();

    /** A sink on the sandbox server under {@code guard}. */
    protected abstract TableSink sink(SandboxGuard guard);

    /** Item {@code n}'s key as reports print it. */
    protected abstract String reportKey(int n);

    /** Item {@code n} as its data-object line, read from the source. */
    protected abstract byte[] sourceLine(int n) throws Exception;

    /** Deletes item {@code n} from a restored sandbox, through the engine's own client. */
    protected abstract void deleteItem(String sandbox, int n) throws Exception;

    /** Sets attribute {@code n} of item {@code n} to -1 in a restored sandbox, through the engine's own client. */
    protected abstract void changeAttributeN(String sandbox, int n) throws Exception;

    /**
     * Drops an index of the restored sandbox through the engine's own client and returns, in order, a
     * part of each schema difference the drill must then report; empty where the table has no index.
     */
    protected abstract List<String> dropIndex(String sandbox) throws Exception;

    /** A hand edit of the manifest's text that keeps it well-formed and consistent with the data. */
    protected abstract String editManifest(String manifest);

    /** Makes a table of someone else's, with some content, under {@code name} on the sandbox server. */
    protected abstract void takeName(String name) throws Exception;

    /** The content of a table on the sandbox server, comparable with equals. */
    protected abstract Object contents(String name) throws Exception;

    /** Removes what {@link #takeName} made. */
    protected abstract void removeTaken(String name) throws Exception;

    /**
     * The calls that write which the last sink's client sent, where the engine's test client records
     * them; empty where it does not (the content comparison is then the evidence).
     */
    protected abstract Optional<List<String>> writeCallsOfTheLastSink();

    /** Asserts that no table or schema of drill {@code drillId} is left on the sandbox server. */
    protected abstract void assertNoSandboxLeftBy(String drillId) throws Exception;

    /** Makes a fresh, empty store for one test. */
    @FunctionalInterface
    interface StoreFactory {
        BackupStore create(Path dir) throws Exception;
    }

    /** Each damage case runs once per store: a folder of its own, or a prefix of its own on S3Proxy. */
    static Stream<Named<StoreFactory>> stores() {
        return Stream.of(
                Named.of("filesystem", FileSystemBackupStore::new),
                Named.of("s3", dir -> S3ProxyLocal.shared().newStore("backups")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void flippedByteInADataObjectFailsNamingTheObject(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = backup(store);
        Manifest.DataObject victim = b.manifest().objects().get(1);
        Tamper.rewrite(store, StoreLayout.objectKey(b.ref(), victim.name()), bytes -> Tamper.flipByte(bytes, bytes.length / 2));

        assertFailedNaming(drill(store, null), victim.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void truncatedObjectFailsNamingTheObject(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = backup(store);
        Manifest.DataObject victim = b.manifest().objects().get(0);
        Tamper.rewrite(store, StoreLayout.objectKey(b.ref(), victim.name()), bytes -> Arrays.copyOf(bytes, bytes.length - 50));

        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
        assertThat(String.join(" ", r.errors())).contains("truncated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void missingObjectFailsNamingTheObject(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = backup(store);
        Manifest.DataObject victim = b.manifest().objects().get(b.manifest().objects().size() - 1);
        store.delete(StoreLayout.objectKey(b.ref(), victim.name()));

        DrillResult r = drill(store, null);
        assertFailedNaming(r, victim.name());
        assertThat(String.join(" ", r.errors())).contains("missing");
    }

    /** The manifest is sealed by its own SHA-256: an edit that still parses, and matches the data, is refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void editedManifestFailsNamingTheManifest(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        BackupResult b = backup(store);
        Tamper.rewrite(store, StoreLayout.manifestKey(b.ref()), bytes -> {
            String manifest = new String(bytes, StandardCharsets.UTF_8);
            String edited = editManifest(manifest);
            assertThat(edited).as("the edit changes the manifest").isNotEqualTo(manifest);
            return edited.getBytes(StandardCharsets.UTF_8);
        });

        DrillResult r = drill(store, null);
        assertFailedNaming(r, "manifest.json");
        assertThat(String.join(" ", r.errors())).contains("modified after it was written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void itemDeletedFromTheSandboxAfterTheLoadIsCaughtWithItsKey(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        backup(store);
        DrillResult r = drill(store, sandbox -> run(() -> deleteItem(sandbox, 42)));

        assertThat(r.outcome()).as("errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "item-count").passed()).isFalse();
        CheckResult digest = check(r, "content-digest");
        assertThat(digest.passed()).isFalse();
        assertThat(digest.details()).containsExactly("missing: " + reportKey(42));
        assertNoSandboxLeftBy(r.drillId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void attributeChangedInTheSandboxIsCaughtWithKeyAndAttribute(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        backup(store);
        DrillResult r = drill(store, sandbox -> run(() -> changeAttributeN(sandbox, 777)));

        assertThat(r.outcome()).as("errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        assertThat(check(r, "item-count").passed()).isTrue();
        assertThat(check(r, "content-digest").details()).containsExactly("changed: " + reportKey(777) + " attributes [n]");
        assertThat(String.join(" ", r.errors())).contains(reportKey(777));
        assertNoSandboxLeftBy(r.drillId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void droppedIndexInTheSandboxFailsTheSchemaCheck(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        backup(store);
        AtomicReference<List<String>> expected = new AtomicReference<>();
        DrillResult r = drill(store, sandbox -> run(() -> expected.set(dropIndex(sandbox))));
        org.junit.jupiter.api.Assumptions.assumeFalse(expected.get().isEmpty(), "the engine's table has no index");

        assertThat(r.outcome()).as("errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        CheckResult schema = check(r, "schema");
        assertThat(schema.passed()).isFalse();
        assertThat(schema.details()).hasSameSizeAs(expected.get());
        for (int i = 0; i < expected.get().size(); i++) {
            assertThat(schema.details().get(i)).contains(expected.get().get(i));
        }
        assertThat(check(r, "content-digest").passed()).as("the data is intact").isTrue();
        assertNoSandboxLeftBy(r.drillId());
    }

    /** The canary is read back by key: one missing from the sandbox fails the drill naming it, and does not make it err. */
    @Test
    void aCanaryDeletedFromTheSandboxFailsTheCanaryCheckNamingItsKey() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        backup(store);
        SandboxGuard guard = guard();
        DrillResult r;
        try (TableSink sink = sink(guard)) {
            r = new DrillRunner().run(request(store, sink, guard).withCanary(sourceLine(42))
                    .withBeforeVerification(sandbox -> run(() -> deleteItem(sandbox, 42))));
        }

        assertThat(r.outcome()).as("errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        CheckResult canary = check(r, "canary");
        assertThat(canary.passed()).isFalse();
        assertThat(canary.evidence()).isEqualTo("canary " + reportKey(42) + " is missing from the restored table");
        assertNoSandboxLeftBy(r.drillId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void repeatedDrillsOfCleanBackupsNeverFail(StoreFactory stores) throws Exception {
        BackupStore store = stores.create(dir);
        backup(store);
        backup(store);
        for (int i = 0; i < 4; i++) {
            SandboxGuard guard = guard();
            try (TableSink sink = sink(guard)) {
                DrillResult r = new DrillRunner().run(request(store, sink, guard)
                        .withSelection(i % 2 == 0 ? BackupSelection.newest() : BackupSelection.randomWithin(Duration.ofDays(1))));
                assertThat(r.outcome()).as("drill %d: %s", i, r.errors()).isEqualTo(Outcome.PASSED);
                assertNoSandboxLeftBy(r.drillId());
            }
        }
    }

    /**
     * A sandbox name is taken by a table the drill did not create. The name carries a random drill
     * id, so this takes a fixed id to provoke; but the rule is absolute, and on an engine without
     * tags the only proof of ownership is the ledger entry the drill writes before it creates.
     */
    @Test
    void aTableAlreadyHoldingTheSandboxNameIsNeitherWrittenNorDroppedNorLeftClaimed() throws Exception {
        String drillId = "20261121t161500-9f3a61";
        BackupStore store = new FileSystemBackupStore(dir);
        backup(store);
        SandboxGuard guard = guard();
        String taken = guard.sandboxFor(table(), drillId).name();
        takeName(taken);
        try {
            Object before = contents(taken);
            DrillResult r;
            try (TableSink sink = sink(guard)) {
                r = new DrillRunner(now -> drillId).run(request(store, sink, guard));
            }

            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(String.join(" ", r.errors())).contains("'" + taken + "' already exists");
            assertThat(r.sandboxTable()).as("this drill created no sandbox").isNull();
            writeCallsOfTheLastSink().ifPresent(writes -> assertThat(writes).isEmpty());
            assertThat(contents(taken)).isEqualTo(before);
            // No ledger entry is left behind that would let the janitor delete the table later.
            assertThat(guard.ledger().owner(taken)).isEmpty();
            Instant later = Instant.now().plus(Duration.ofDays(1));
            try (TableSink sink = sink(guard)) {
                assertThat(new Janitor(sink, guard, Duration.ofMinutes(1), Clock.fixed(later, ZoneOffset.UTC)).sweep())
                        .doesNotContain(taken);
            }
            assertThat(contents(taken)).isEqualTo(before);
        } finally {
            removeTaken(taken);
        }
    }

    @Test
    void aCancelledDrillStopsAndLeavesNoSandboxNorLedgerEntry() throws Exception {
        BackupStore store = new FileSystemBackupStore(dir);
        backup(store);
        SandboxGuard guard = guard();
        String drillId = SandboxGuard.newDrillId(Instant.now());
        String sandbox = guard.sandboxFor(table(), drillId).name();
        RestoreProgress progress = new RestoreProgress();
        AtomicReference<DrillResult> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (TableSink sink = sink(guard)) {
            Thread drill = new Thread(() -> {
                try {
                    result.set(DrillRunner.withDrillId(drillId).run(request(store, sink, guard).withProgress(progress)));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "cancelled-by-test");
            drill.start();
            // The operator cancels once the load has begun (or, on a fast machine, during verification).
            while (progress.snapshot().items() == 0 && drill.isAlive()) {
                Thread.sleep(1);
            }
            drill.interrupt();
            drill.join();
        }

        assertThat(thrown.get()).as("result %s", result.get()).isInstanceOf(InterruptedException.class);
        assertThat(result.get()).isNull();
        assertNoSandboxLeftBy(drillId);
        assertThat(guard.ledger().owner(sandbox)).isEmpty();
    }

    protected final DrillResult drill(BackupStore store, Consumer<String> beforeVerification) throws Exception {
        SandboxGuard guard = guard();
        try (TableSink sink = sink(guard)) {
            return new DrillRunner().run(request(store, sink, guard).withBeforeVerification(beforeVerification));
        }
    }

    private DrillRequest request(BackupStore store, TableSink sink, SandboxGuard guard) {
        return DrillRequest.of(source(), table(), new BackupRepository(store), sink, guard);
    }

    private void assertFailedNaming(DrillResult r, String what) throws Exception {
        assertThat(r.outcome()).as("outcome; errors %s", r.errors()).isEqualTo(Outcome.FAILED);
        assertThat(String.join(" ", r.errors())).contains(what);
        assertNoSandboxLeftBy(r.drillId());
    }

    protected static CheckResult check(DrillResult r, String name) {
        return r.checks().stream().filter(c -> c.check().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + r.checks() + "; errors " + r.errors()));
    }

    @FunctionalInterface
    interface Damage {
        void run() throws Exception;
    }

    /** Runs damage inside the drill's hook, which takes no checked exception. */
    private static void run(Damage damage) {
        try {
            damage.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
