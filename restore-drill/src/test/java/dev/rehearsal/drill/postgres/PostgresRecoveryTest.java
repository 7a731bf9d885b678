package dev.rehearsal.drill.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.Tamper;
import dev.rehearsal.drill.pipeline.Target;
import dev.rehearsal.drill.pipeline.Verdict;
import dev.rehearsal.drill.pipeline.VerifiedRestore;
import dev.rehearsal.drill.pipeline.VerifiedRestoreRequest;
import dev.rehearsal.drill.pipeline.VerifiedRestoreResult;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores of a PostgreSQL backup into a new table of the source's own database, through the
 * verified-restore pipeline as an incident's recovery runs them: under the table's own name once
 * a script dropped it, under a new name beside it, and every way such a restore can go wrong.
 * Tables are compared row by row with what was backed up.
 */
class PostgresRecoveryTest {

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final int ROWS = 12_000;

    @TempDir
    Path dir;
    private BackupStore store;
    private SandboxLedger ledger;
    private PostgresTableSink sink;

    @BeforeAll
    static void schemas() throws Exception {
        PostgresDrillFixture.sql(db, "CREATE SCHEMA shop", "CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'happy')");
    }

    @BeforeEach
    void sink() {
        store = new FileSystemBackupStore(dir);
        ledger = new InMemorySandboxLedger();
        PostgresConnector c = new PostgresConnector(db.url(), db.user(), db.password());
        sink = PostgresTableSink.recovery(c, PostgresTableSource.info("pg", c),
                PostgresTableSink.guard(PostgresDrillFixture.PREFIX, Set.of(), ledger), 3);
    }

    @AfterEach
    void closeSink() {
        sink.close();
    }

    /** {@code shop.<name>}: a key, an enum, a unique constraint, a check, an index, and {@value #ROWS} rows. */
    private static String orders(String name, String enumType) throws Exception {
        String table = "shop." + name;
        PostgresDrillFixture.sql(db,
                "CREATE TABLE " + table + " (id int PRIMARY KEY, ref text NOT NULL UNIQUE, customer text NOT NULL,"
                        + " mood " + enumType + ", total numeric(12,2) CHECK (total >= 0), placed timestamptz,"
                        + " tags text[], note text DEFAULT 'none')",
                "CREATE INDEX " + name + "_customer ON " + table + " (customer)",
                "INSERT INTO " + table + " SELECT g, 'r-' || g, 'customer ' || (g % 97),"
                        + " (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::" + enumType + ", g * 1.25,"
                        + " timestamptz '2026-12-07 05:40:00+00' + g * interval '1 minute', ARRAY['t' || g, 'x y'],"
                        + " CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ü\t' || g END FROM generate_series(1, " + ROWS + ") g");
        return table;
    }

    private BackupResult backup(String table) throws Exception {
        return new PostgresDrillFixture(db, db).backup(table, store, 3);
    }

    private VerifiedRestoreResult restore(BackupResult b, String target, boolean keepPartial) throws Exception {
        return new VerifiedRestore().run(VerifiedRestoreRequest.of(SandboxGuard.newDrillId(Instant.now()),
                new BackupRepository(store), b.ref(), sink, new Target.NewTable(target, ledger, keepPartial)));
    }

    private static List<String> rows(String table) throws Exception {
        return PostgresDrillFixture.rowsAsText(db, table, "id");
    }

    @Test
    void aDroppedTableIsRestoredUnderItsOwnNameRowByRowReusingItsEnumType() throws Exception {
        String table = orders("dropped", "shop.mood");
        List<String> before = rows(table);
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "DROP TABLE " + table);

        VerifiedRestoreResult r = restore(b, table, false);

        assertThat(r.verdict()).as("errors %s", r.errors()).isEqualTo(Verdict.VERIFIED);
        assertThat(rows(table)).isEqualTo(before);
        assertThat(indexes("shop", "dropped")).containsExactlyInAnyOrder("dropped_pkey", "dropped_ref_key",
                "dropped_customer");
        assertThat(single("SELECT count(*) FROM pg_type WHERE typname = 'mood'")).as("the type is reused").isEqualTo("1");
        assertThat(ledger.owner(table)).as("a restored table is the operator's").isEmpty();
    }

    @Test
    void aNewNameBesideTheOriginalLeavesTheOriginalUntouched() throws Exception {
        String table = orders("kept", "shop.mood");
        BackupResult b = backup(table);
        List<String> original = physicalRows(table);
        List<String> originalIndexes = indexes("shop", "kept");
        String target = "shop.kept-recovered-20261207-0540";

        VerifiedRestoreResult r = restore(b, target, false);

        assertThat(r.verdict()).as("errors %s", r.errors()).isEqualTo(Verdict.VERIFIED);
        assertThat(rows("shop.\"kept-recovered-20261207-0540\"")).isEqualTo(rows(table));
        assertThat(physicalRows(table)).as("every row of the original, where it was, as it was").isEqualTo(original);
        assertThat(indexes("shop", "kept")).isEqualTo(originalIndexes);
        assertThat(indexes("shop", "kept-recovered-20261207-0540")).containsExactlyInAnyOrder(
                "kept-recovered-20261207-0540_pkey", "kept-recovered-20261207-0540_ref_key",
                "kept-recovered-20261207-0540_customer");
    }

    @Test
    void aTargetThatExistsIsRefusedAndLeftAsItWas() throws Exception {
        String table = orders("source1", "shop.mood");
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "CREATE TABLE shop.taken (id int)", "INSERT INTO shop.taken VALUES (1), (2)");

        VerifiedRestoreResult r = restore(b, "shop.taken", false);

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(String.join(" ", r.errors())).contains("'shop.taken' already exists");
        assertThat(r.disposal()).contains("left untouched");
        assertThat(PostgresDrillFixture.rowsAsText(db, "shop.taken", "id")).containsExactly("(1)", "(2)");
        assertThat(ledger.owner("shop.taken")).isEmpty();
    }

    @Test
    void aTargetInASchemaThatDoesNotExistIsRefusedNamingTheSchemaAndTheSource() throws Exception {
        String table = orders("source2", "shop.mood");
        BackupResult b = backup(table);

        VerifiedRestoreResult r = restore(b, "nowhere.orders", false);

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(String.join(" ", r.errors())).contains("schema 'nowhere' does not exist in source 'pg'");
        assertThat(single("SELECT count(*) FROM pg_namespace WHERE nspname = 'nowhere'")).isEqualTo("0");
        assertThat(ledger.owner("nowhere.orders")).isEmpty();
    }

    @Test
    void anEnumTypeOfTheNameWithOtherLabelsRefusesTheRestoreNamingIt() throws Exception {
        PostgresDrillFixture.sql(db, "CREATE TYPE shop.level AS ENUM ('sad', 'ok', 'happy')");
        String table = orders("leveled", "shop.level");
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "DROP TABLE " + table, "DROP TYPE shop.level",
                "CREATE TYPE shop.level AS ENUM ('sad', 'happy')");

        VerifiedRestoreResult r = restore(b, table, false);

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(String.join(" ", r.errors())).contains("enum type 'shop.level'").contains("[sad, happy]");
        assertThat(sink.exists(table)).isFalse();
    }

    @Test
    void aTableDroppedWithItsEnumTypeIsRestoredWithTheTypeMarkedAsTheRestoresOwn() throws Exception {
        PostgresDrillFixture.sql(db, "CREATE TYPE shop.tone AS ENUM ('sad', 'ok', 'happy')");
        String table = orders("toned", "shop.tone");
        List<String> before = rows(table);
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "DROP TABLE " + table, "DROP TYPE shop.tone");

        VerifiedRestoreResult r = restore(b, table, false);

        assertThat(r.verdict()).as("errors %s", r.errors()).isEqualTo(Verdict.VERIFIED);
        assertThat(rows(table)).isEqualTo(before);
        assertThat(single("SELECT obj_description('shop.tone'::regtype, 'pg_type')"))
                .startsWith("Rehearsal enum type for shop.toned").contains(" rehearsal:restore-id=");
    }

    @Test
    void aDamagedBackupFailsAndLeavesNeitherTheTableNorTheTypeItCreated() throws Exception {
        PostgresDrillFixture.sql(db, "CREATE TYPE shop.grade AS ENUM ('sad', 'ok', 'happy')");
        String table = orders("damaged", "shop.grade");
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "DROP TABLE " + table, "DROP TYPE shop.grade");
        damage(b);

        VerifiedRestoreResult r = restore(b, table, false);

        assertThat(r.verdict()).as("errors %s", r.errors()).isEqualTo(Verdict.DAMAGED);
        assertThat(sink.exists(table)).isFalse();
        assertThat(single("SELECT count(*) FROM pg_type WHERE typname = 'grade'")).isEqualTo("0");
        assertThat(r.partialTable()).isNull();
        assertThat(ledger.owner(table)).isEmpty();
    }

    @Test
    void withKeepPartialADamagedRestoreLeavesItsTableMarkedPartial() throws Exception {
        String table = orders("partial", "shop.mood");
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "DROP TABLE " + table);
        damage(b);

        VerifiedRestoreResult r = restore(b, table, true);

        assertThat(r.verdict()).isEqualTo(Verdict.DAMAGED);
        assertThat(r.partialTable()).isEqualTo(table);
        assertThat(sink.exists(table)).isTrue();
        assertThat(single("SELECT obj_description('shop.partial'::regclass, 'pg_class')"))
                .startsWith("Rehearsal restore of shop.partial").contains(" rehearsal:partial=");
        assertThat(sink.tags(table).orElseThrow()).containsKey("rehearsal:partial");
    }

    @Test
    void aCancelDuringTheLoadLeavesNoTable() throws Exception {
        String table = orders("cancelled", "shop.mood");
        BackupResult b = backup(table);
        PostgresDrillFixture.sql(db, "DROP TABLE " + table);
        RestoreProgress progress = new RestoreProgress();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<VerifiedRestoreResult> result = new AtomicReference<>();
        Thread restore = new Thread(() -> {
            try {
                result.set(new VerifiedRestore().run(VerifiedRestoreRequest.of(SandboxGuard.newDrillId(Instant.now()),
                        new BackupRepository(store), b.ref(), sink, new Target.NewTable(table, ledger, false))
                        .withProgress(progress)));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "cancelled-by-test");
        restore.start();
        while (progress.snapshot().items() == 0 && restore.isAlive()) {
            Thread.sleep(1);
        }
        restore.interrupt();
        restore.join();

        assertThat(thrown.get()).as("result %s", result.get()).isInstanceOf(VerifiedRestore.Cancelled.class);
        assertThat(((VerifiedRestore.Cancelled) thrown.get()).disposal()).contains("was deleted");
        assertThat(sink.exists(table)).isFalse();
        assertThat(ledger.owner(table)).isEmpty();
    }

    /** Flips a byte in the middle of the backup's second data object. */
    private void damage(BackupResult b) throws Exception {
        String victim = b.manifest().objects().get(1).name();
        Tamper.rewrite(store, StoreLayout.objectKey(b.ref(), victim), bytes -> Tamper.flipByte(bytes, bytes.length / 2));
    }

    /** Each row with where it is and which transaction wrote it: any rewrite of a row shows. */
    private static List<String> physicalRows(String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = PostgresDrillFixture.connect(db);
                PreparedStatement ps = c.prepareStatement("SELECT ctid::text || ' ' || xmin::text || ' ' || t::text"
                        + " FROM " + table + " t ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static List<String> indexes(String schema, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = PostgresDrillFixture.connect(db);
                PreparedStatement ps = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE schemaname = ?"
                        + " AND tablename = ? ORDER BY 1")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String single(String sql) throws Exception {
        try (Connection c = PostgresDrillFixture.connect(db); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
