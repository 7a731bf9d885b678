package dev.rehearsal.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.backup.BackupFailedException;
import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of PostgreSQL tables on a real server: a point-in-time image while writers run, tables
 * without a primary key, and the errors a person must be able to act on (no such table, no
 * permission to read it).
 */
class PostgresBackupTest {

    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    private static final int ACCOUNTS = 20_000;
    private static final long BALANCE = 1_000;
    private static final String NO_SELECT_ROLE = "rehearsal_no_select_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void tables() throws SQLException {
        sql("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL, note text)",
                "INSERT INTO accounts SELECT g, " + BALANCE + ", repeat('x', 120) FROM generate_series(1, " + ACCOUNTS + ") g",
                "CREATE TABLE heap (a int, b text)",
                "INSERT INTO heap SELECT g % 1000, 'row ' || g FROM generate_series(1, 30000) g",
                "INSERT INTO heap SELECT 7, 'duplicate' FROM generate_series(1, 3)",
                "CREATE TABLE secret (id int PRIMARY KEY, s text)",
                "INSERT INTO secret VALUES (1, 'hidden')",
                "CREATE ROLE " + NO_SELECT_ROLE + " LOGIN");
    }

    @AfterAll
    static void dropRole() throws SQLException {
        sql("DROP OWNED BY " + NO_SELECT_ROLE, "DROP ROLE " + NO_SELECT_ROLE);
    }

    @Test
    void backupIsOnePointInTimeWhileTransfersRun() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            Thread t = new Thread(() -> transfer(stop, transfers, seed));
            t.start();
            writers.add(t);
        }
        BackupResult result;
        long before;
        try (PostgresTableSource source = source()) {
            waitFor(transfers, 50);
            before = transfers.get();
            result = new BackupRunner().run(BackupRequest.of(source, "public.accounts", new FileSystemBackupStore(dir))
                    .withScan(ScanOptions.defaults().withSegments(6)).withMaxObjectBytes(256 * 1024));
            waitFor(transfers, transfers.get() + 50);
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        }
        assertThat(transfers.get()).as("writers kept going during and after the backup").isGreaterThan(before + 50);
        Map<Integer, Long> balances = new TreeMap<>();
        for (String[] row : rows(result, List.of("id", "balance", "note"))) {
            assertThat(balances.put(Integer.parseInt(row[0]), Long.parseLong(row[1]))).as("row %s once", row[0]).isNull();
        }
        // Every transfer moves money between two accounts in one transaction: a snapshot keeps the
        // total, a blend of before and after almost never does.
        assertThat(balances).hasSize(ACCOUNTS);
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ACCOUNTS * BALANCE);
        Manifest m = result.manifest();
        assertThat(m.scan().pointInTime()).isTrue();
        assertThat(m.scan().segments()).isEqualTo(6);
        PostgresSchema schema = ManifestCodec.mapper().treeToValue(m.table().schema(), PostgresSchema.class);
        assertThat(schema.snapshot().takenAt()).isBetween(m.startedAt().minusSeconds(1), m.finishedAt());
        assertThat(schema.primaryKey().columns()).containsExactly("id");
    }

    @Test
    void scanEqualsWhatATransactionInTheSameSnapshotSeesThoughWritesLandMeanwhile() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        Thread writer = new Thread(() -> transfer(stop, transfers, 42));
        writer.start();
        try (PostgresTableSource source = source()) {
            waitFor(transfers, 20);
            TableDescription d = source.describe("accounts");
            String snapshot = ManifestCodec.mapper().treeToValue(d.schema(), PostgresSchema.class).snapshot().id();
            Map<String, String> expected = new HashMap<>();
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                    try (ResultSet rs = s.executeQuery("SELECT id, balance FROM accounts")) {
                        while (rs.next()) {
                            expected.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                c.rollback();
            }
            long atSnapshot = transfers.get();
            Map<String, String> scanned = new HashMap<>();
            try (TableScan scan = source.openScan(d, ScanOptions.defaults().withSegments(4))) {
                for (int s = 0; s < scan.segments(); s++) {
                    scan.read(s, (line, hash) -> {
                        String[] v = PostgresRowJson.values(List.of("id", "balance", "note"), line);
                        if (scanned.isEmpty()) {
                            // Let committed writes pile up after the snapshot before reading on.
                            waitFor(transfers, atSnapshot + 30);
                        }
                        assertThat(scanned.put(v[0], v[1])).isNull();
                    });
                }
            }
            assertThat(scanned).isEqualTo(expected);
            assertThat(live()).as("the live table moved on").isNotEqualTo(expected);
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void tableWithoutPrimaryKeyIsCopiedByCtidRangesEveryRowOnce() throws Exception {
        BackupResult result;
        try (PostgresTableSource source = source()) {
            result = new BackupRunner().run(BackupRequest.of(source, "heap", new FileSystemBackupStore(dir))
                    .withScan(ScanOptions.defaults().withSegments(5)));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String[] row : rows(result, List.of("a", "b"))) {
            counts.merge(row[0] + "/" + row[1], 1, Integer::sum);
        }
        assertThat(result.manifest().totals().items()).isEqualTo(30_003);
        assertThat(counts).hasSize(30_001);
        assertThat(counts.get("7/duplicate")).isEqualTo(3);
        assertThat(counts.get("999/row 29999")).isEqualTo(1);
        PostgresSchema schema = ManifestCodec.mapper().treeToValue(result.manifest().table().schema(), PostgresSchema.class);
        assertThat(schema.primaryKey()).isNull();
        assertThat(schema.keyColumns()).containsExactly("a", "b");
    }

    @Test
    void unknownTableFailsNamingTableAndSource() {
        try (PostgresTableSource source = source()) {
            assertThatThrownBy(() -> source.describe("public.no_such_table"))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("'public.no_such_table'").hasMessageContaining("source 'pg'")
                    .hasMessageContaining("table not found")
                    .satisfies(e -> assertThat(((SourceException) e).tableMissing()).isTrue());
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, "no_such_table",
                    new FileSystemBackupStore(dir))))
                    .isInstanceOf(BackupFailedException.class).hasMessageContaining("table not found");
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void roleWithoutSelectFailsWithPermissionDeniedNamingTheTable() {
        try (PostgresTableSource source = new PostgresTableSource("pg",
                new PostgresConnector(pg.url(), NO_SELECT_ROLE, null))) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, "public.secret",
                    new FileSystemBackupStore(dir))))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("'public.secret'")
                    .hasMessageContaining("permission denied")
                    .hasMessageContaining("42501");
        }
    }

    private static PostgresTableSource source() {
        return new PostgresTableSource("pg", new PostgresConnector(pg.url(), pg.user(), pg.password()));
    }

    private List<String[]> rows(BackupResult result, List<String> columns) throws Exception {
        BackupRepository repo = new BackupRepository(new FileSystemBackupStore(dir));
        List<String[]> rows = new ArrayList<>();
        for (Manifest.DataObject o : result.manifest().objects()) {
            try (DataObjectReader r = repo.read(result.ref(), result.manifest(), o)) {
                byte[] line;
                while ((line = r.next()) != null) {
                    rows.add(PostgresRowJson.values(columns, line));
                }
            }
        }
        return rows;
    }

    private static Map<String, String> live() throws SQLException {
        Map<String, String> m = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, balance FROM accounts")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    private static void transfer(AtomicBoolean stop, AtomicLong done, int seed) {
        Random random = new Random(seed);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (var debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
                    var credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                while (!stop.get()) {
                    int a = 1 + random.nextInt(ACCOUNTS);
                    int b = 1 + random.nextInt(ACCOUNTS);
                    long amount = 1 + random.nextInt(100);
                    debit.setLong(1, amount);
                    debit.setInt(2, Math.min(a, b));
                    debit.executeUpdate();
                    credit.setLong(1, amount);
                    credit.setInt(2, Math.max(a, b));
                    credit.executeUpdate();
                    c.commit();
                    done.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(AtomicLong counter, long atLeast) {
        while (counter.get() < atLeast) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.url(), pg.user(), pg.password());
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
