package dev.rehearsal.drill.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.drill.sandbox.ForgedSandboxTable;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sandbox.SandboxViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What every {@link TableSink} promises, run against a real server of each engine: a subclass gives
 * a sink on that server, the schema of a backed-up table (a key, a few attributes and one index),
 * the lines of its items, and the engine's own means to change a restored table behind the sink's
 * back. What comes back is compared with what was written item by item, through the engine's codec.
 */
public abstract class TableSinkContract {

    protected SandboxLedger ledger;
    protected SandboxGuard guard;
    protected TableSink sink;
    private final List<SandboxTable> sandboxes = new ArrayList<>();
    private final List<String> outsiders = new ArrayList<>();

    /** A guard with the engine's sandbox prefix and name limit, over {@code ledger}. */
    protected abstract SandboxGuard guard(SandboxLedger ledger);

    protected abstract TableSink newSink(SandboxGuard guard);

    /** The schema a backup of the engine's test table records, as its source describes it. */
    protected abstract JsonNode schema();

    /** Item {@code n} of that table as a data-object line; items differ in their key and in every other value. */
    protected abstract byte[] line(int n);

    /** The name of the schema's one index. */
    protected abstract String indexName();

    /** Removes that index from a restored table through the engine's own client, and returns once it is gone. */
    protected abstract void dropIndexDirectly(String table) throws Exception;

    /** A valid table name for the engine, outside the sandbox prefix, new at each call. */
    protected abstract String nameOutsideTheSandbox();

    /** Deletes a table through the engine's own client: clean-up of what no guard may let a sink drop. */
    protected abstract void deleteDirectly(String table) throws Exception;

    @BeforeEach
    void newSinkAndGuard() {
        ledger = new InMemorySandboxLedger();
        guard = guard(ledger);
        sink = newSink(guard);
    }

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        try {
            for (SandboxTable t : sandboxes) {
                if (sink.exists(t.name())) {
                    ledger.release(t.name());
                    ledger.record(t.name(), t.drillId());
                    try {
                        sink.drop(t);
                    } catch (SandboxViolationException untagged) {
                        deleteDirectly(t.name());
                    }
                }
            }
            for (String t : outsiders) {
                if (sink.exists(t)) {
                    deleteDirectly(t);
                }
            }
        } finally {
            sink.close();
        }
    }

    @Test
    void createRefusesATableThatExistsAndLeavesItAsItWas() throws Exception {
        SandboxTable t = createMarked("exists");
        sink.write(t.name(), List.of(line(1)));

        assertThatThrownBy(() -> sink.create(t.name(), schema(), Map.of(SandboxGuard.DRILL_TAG, t.drillId()), true))
                .isInstanceOf(TargetExistsException.class)
                .hasMessageStartingWith("table '" + t.name() + "' already exists in ");
        assertSameItem(sink.fetch(t.name(), schema(), line(1)), line(1));
    }

    @Test
    void eachWrittenLineIsFetchedBackByItsKeyAndAnAbsentKeyIsNot() throws Exception {
        SandboxTable t = createMarked("fetch");
        List<byte[]> lines = lines(0, 53);
        // Several writes, none of them full.
        int part = Math.max(1, Math.min(20, sink.maxBatch() - 1));
        for (int i = 0; i < lines.size(); i += part) {
            sink.write(t.name(), lines.subList(i, Math.min(lines.size(), i + part)));
        }
        assertThat(sink.finish(t.name(), schema())).as("warnings for a schema the engine restores whole").isEmpty();

        for (byte[] line : lines) {
            assertSameItem(sink.fetch(t.name(), schema(), line), line);
        }
        assertThat(sink.fetch(t.name(), schema(), line(lines.size() + 1))).isEmpty();
    }

    @Test
    void aWriteOfMaxBatchLinesIsTakenAndOneMoreIsRefusedWhole() throws Exception {
        SandboxTable t = createMarked("batch");
        List<byte[]> full = lines(0, sink.maxBatch());
        List<byte[]> tooMany = lines(sink.maxBatch(), 2 * sink.maxBatch() + 1);

        sink.write(t.name(), full);
        assertThatThrownBy(() -> sink.write(t.name(), tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(sink.maxBatch()));

        assertSameItem(sink.fetch(t.name(), schema(), full.get(full.size() - 1)), full.get(full.size() - 1));
        for (byte[] refused : List.of(tooMany.get(0), tooMany.get(tooMany.size() - 1))) {
            assertThat(sink.fetch(t.name(), schema(), refused)).as("nothing of the refused batch is written").isEmpty();
        }
        assertThat(scan(t.name())).hasSize(full.size());
    }

    @Test
    void existsAndListSeeExactlyTheTablesUnderAPrefix() throws Exception {
        String stem = "list-" + unique();
        SandboxTable first = sandbox(stem);
        SandboxTable second = sandbox(stem);
        assertThat(sink.exists(first.name())).isFalse();
        create(first);
        create(second);
        SandboxTable elsewhere = createMarked("else-" + unique());

        assertThat(sink.exists(first.name())).isTrue();
        assertThat(sink.exists(second.name())).isTrue();
        assertThat(sink.list(guard.prefix() + stem + "-")).extracting(TableInfo::name)
                .containsExactlyInAnyOrder(first.name(), second.name());
        assertThat(sink.list(guard.prefix() + stem + "-")).allSatisfy(i -> assertThat(i.created()).isNotNull());
        assertThat(sink.list(guard.prefix())).extracting(TableInfo::name)
                .contains(first.name(), second.name(), elsewhere.name());
        assertThat(sink.list(guard.prefix() + "none-" + unique())).isEmpty();
        assertThat(sink.exists(guard.prefix() + "never-made-" + unique())).isFalse();
    }

    @Test
    void aFreshlyRestoredTableHasNoSchemaDifferences() throws Exception {
        SandboxTable t = createMarked("schema");
        writeAll(t.name(), lines(0, 10));
        sink.finish(t.name(), schema());

        assertThat(sink.schemaDifferences(schema(), t.name())).isEmpty();
    }

    @Test
    void anIndexDroppedThroughTheEnginesOwnClientIsASchemaDifference() throws Exception {
        SandboxTable t = createMarked("noindex");
        writeAll(t.name(), lines(0, 10));
        sink.finish(t.name(), schema());

        dropIndexDirectly(t.name());

        // DynamoDB also forgets the definition of an attribute that only the index used: a second difference.
        assertThat(sink.schemaDifferences(schema(), t.name()))
                .anySatisfy(d -> assertThat(d).contains(indexName()).contains("backup has"));
    }

    @Test
    void theReaderScansBackExactlyTheLinesWrittenItemByItem() throws Exception {
        SandboxTable t = createMarked("scan");
        List<byte[]> written = lines(0, 2 * sink.maxBatch() + 7);
        writeAll(t.name(), written);
        sink.finish(t.name(), schema());
        ItemCodec codec = sink.codec(schema());

        List<Scanned> scanned = scan(t.name());

        Map<String, byte[]> byKey = new LinkedHashMap<>();
        written.forEach(l -> byKey.put(codec.key(l), l));
        assertThat(byKey).as("the lines have distinct keys").hasSize(written.size());
        assertThat(scanned).extracting(s -> codec.key(s.line())).containsExactlyInAnyOrderElementsOf(byKey.keySet());
        for (Scanned s : scanned) {
            byte[] expected = byKey.get(codec.key(s.line()));
            assertThat(codec.differingAttributes(expected, s.line())).as(codec.key(s.line())).isEmpty();
            assertThat(s.hash()).as("the scan's hash of %s", codec.key(s.line())).isEqualTo(codec.hash(expected));
        }
    }

    @Test
    void dropDeletesATableItsDrillMarkedAndReleasesTheLedgerEntry() throws Exception {
        SandboxTable t = createMarked("drop");
        sink.write(t.name(), List.of(line(1)));

        sink.drop(t);

        assertThat(sink.exists(t.name())).isFalse();
        assertThat(sink.list(t.name())).isEmpty();
        assertThat(ledger.owner(t.name())).isEmpty();
    }

    @Test
    void dropRefusesATableNoDrillOfOursMarked() throws Exception {
        SandboxTable t = sandbox("unmarked");
        sink.create(t.name(), schema(), Map.of(), true);
        sink.write(t.name(), List.of(line(1)));

        assertThatThrownBy(() -> sink.drop(t)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("refusing to delete table '" + t.name() + "'");
        ledger.record(t.name(), SandboxGuard.newDrillId(Instant.now()));
        assertThatThrownBy(() -> sink.drop(t)).as("another drill's ledger entry")
                .isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("refusing to delete table '" + t.name() + "'");

        assertStillThere(t.name());
    }

    @Test
    void dropRefusesATableAcceptedUnderAnotherPrefix() throws Exception {
        SandboxTable t = createMarked("prefix");
        sink.write(t.name(), List.of(line(1)));
        String wider = guard.prefix().substring(0, guard.prefix().length() - 1);
        SandboxTable viaWiderPrefix = new SandboxGuard(wider, Set.of(), ledger).accept(t.name(), t.drillId());

        assertThatThrownBy(() -> sink.drop(viaWiderPrefix)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'" + t.name() + "'").hasMessageContaining("'" + wider + "'");

        assertStillThere(t.name());
    }

    @Test
    void dropRefusesASandboxTableTheGuardNeverAcceptedNamingATableOutsideTheSandbox() throws Exception {
        String outside = nameOutsideTheSandbox();
        outsiders.add(outside);
        String drillId = SandboxGuard.newDrillId(Instant.now());
        sink.create(outside, schema(), Map.of(SandboxGuard.DRILL_TAG, drillId), true);
        sink.write(outside, List.of(line(1)));
        // Even a ledger that claims the table for the drill does not get it deleted.
        ledger.record(outside, drillId);
        SandboxTable forged = ForgedSandboxTable.of(outside, drillId, guard.prefix());

        assertThatThrownBy(() -> sink.drop(forged)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'" + outside + "' is outside the sandbox");

        assertStillThere(outside);
    }

    /** A sandbox name under the guard's prefix for a new drill, not yet recorded or created. */
    protected final SandboxTable sandbox(String stem) {
        SandboxTable t = guard.sandboxFor(stem, SandboxGuard.newDrillId(Instant.now()));
        sandboxes.add(t);
        return t;
    }

    /** Creates a sandbox as a drill does: its ledger entry first, then the table with the drill's tag. */
    protected final SandboxTable createMarked(String stem) throws InterruptedException {
        SandboxTable t = sandbox(stem);
        create(t);
        return t;
    }

    private void create(SandboxTable t) throws InterruptedException {
        ledger.record(t.name(), t.drillId());
        sink.create(t.name(), schema(), Map.of(SandboxGuard.DRILL_TAG, t.drillId()), true);
    }

    protected final List<byte[]> lines(int from, int to) {
        List<byte[]> lines = new ArrayList<>();
        for (int n = from; n < to; n++) {
            lines.add(line(n));
        }
        return lines;
    }

    private void writeAll(String table, List<byte[]> lines) throws InterruptedException {
        for (int i = 0; i < lines.size(); i += sink.maxBatch()) {
            sink.write(table, lines.subList(i, Math.min(lines.size(), i + sink.maxBatch())));
        }
    }

    private record Scanned(byte[] line, byte[] hash) {
    }

    /** Every item the sink's reader finds in a table, with the hash the scan gives it. */
    private List<Scanned> scan(String table) throws Exception {
        List<Scanned> items = new ArrayList<>();
        TableDescription d = sink.reader().describe(table);
        try (TableScan scan = sink.reader().openScan(d, ScanOptions.defaults().withSegments(3).withConsistentRead(true))) {
            for (int s = 0; s < scan.segments(); s++) {
                scan.read(s, (line, hash) -> items.add(new Scanned(line.clone(), hash.clone())));
            }
        }
        return items;
    }

    private void assertSameItem(Optional<byte[]> fetched, byte[] expected) {
        ItemCodec codec = sink.codec(schema());
        assertThat(fetched).as("item %s", codec.key(expected)).isPresent();
        assertThat(codec.key(fetched.get())).isEqualTo(codec.key(expected));
        assertThat(codec.differingAttributes(expected, fetched.get())).as("item %s", codec.key(expected)).isEmpty();
        assertThat(codec.hash(fetched.get())).isEqualTo(codec.hash(expected));
    }

    private void assertStillThere(String table) {
        assertThat(sink.exists(table)).as("table '%s' survives", table).isTrue();
        assertSameItem(sink.fetch(table, schema(), line(1)), line(1));
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
