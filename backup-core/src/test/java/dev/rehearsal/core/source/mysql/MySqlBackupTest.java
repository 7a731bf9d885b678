package dev.rehearsal.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.backup.BackupFailedException;
import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.ReadLimit;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of MariaDB tables on the real server: one consistent snapshot across parallel readers
 * while balance-preserving transfers run, a table without a primary key, and the errors a person
 * must be able to act on (no such table, no RELOAD privilege for the read lock, the connection lost
 * mid-backup), none of which leaves a manifest.
 */
class MySqlBackupTest {

    @RegisterExtension
    static final MySqlTestDatabase db = new MySqlTestDatabase();

    private static final int ACCOUNTS = 20_000;
    private static final long BALANCE = 1_000;

    @TempDir
    Path dir;

    private static String noReload;
    /** A user of this test alone, with what a parallel backup needs, so that its connections can be told apart. */
    private static String reader;

    @BeforeAll
    static void tables() throws SQLException {
        noReload = "rh_norel_" + db.id();
        reader = "rh_reader_" + db.id();
        db.sql("SET SESSION max_recursive_iterations = 1000000",
                "CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL, note VARCHAR(200)) ENGINE=InnoDB",
                "INSERT INTO accounts WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < " + ACCOUNTS
                        + ") SELECT n, " + BALANCE + ", REPEAT('x', 120) FROM g",
                // Rows too wide for a segment to sit whole in the sockets' buffers: a reader killed midway has rows
                // still to come from the server, as in a big table, instead of reading them all from its own buffer.
                "CREATE TABLE wide (id INT PRIMARY KEY, body MEDIUMTEXT NOT NULL) ENGINE=InnoDB",
                "INSERT INTO wide WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 4000)"
                        + " SELECT n, REPEAT(CHAR(65 + n % 26), 8192) FROM g",
                "CREATE TABLE heap (a INT, b VARCHAR(40)) ENGINE=InnoDB",
                "INSERT INTO heap WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)"
                        + " SELECT n % 100, CONCAT('row ', n) FROM g",
                "INSERT INTO heap VALUES (7, 'duplicate'), (7, 'duplicate'), (7, 'duplicate')",
                "CREATE TABLE places (id INT PRIMARY KEY, p POINT)",
                "CREATE USER '" + noReload + "'@'%' IDENTIFIED BY 'pw-" + db.id() + "'",
                "GRANT SELECT ON " + db.database() + ".* TO '" + noReload + "'@'%'",
                "CREATE USER '" + reader + "'@'%' IDENTIFIED BY 'pw-" + db.id() + "'",
                "GRANT RELOAD ON *.* TO '" + reader + "'@'%'",
                "GRANT SELECT ON " + db.database() + ".* TO '" + reader + "'@'%'");
    }

    @AfterAll
    static void dropUser() throws SQLException {
        db.sql("DROP USER IF EXISTS '" + noReload + "'@'%'", "DROP USER IF EXISTS '" + reader + "'@'%'");
    }

    @Test
    void parallelReadersShareOneSnapshotWhileTransfersRun() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            Thread t = new Thread(() -> {
                try {
                    transfer(stop, transfers, seed);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            writers.add(t);
        }
        BackupResult result;
        long before;
        try (MySqlTableSource source = source(MySqlReaders.DEFAULT.withParallelFromBytes(0))) {
            waitFor(transfers, 50);
            before = transfers.get();
            result = new BackupRunner().run(BackupRequest.of(source, table("accounts"), new FileSystemBackupStore(dir))
                    .withScan(ScanOptions.defaults().withSegments(6)).withMaxObjectBytes(256 * 1024));
            waitFor(transfers, transfers.get() + 50);
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        }
        assertThat(failure.get()).as("transfers failed").isNull();
        assertThat(transfers.get()).as("writers kept going during and after the backup").isGreaterThan(before + 50);
        Map<Integer, Long> balances = new TreeMap<>();
        MySqlRowJson json = new MySqlRowJson(List.of("id", "balance", "note"));
        for (byte[] line : lines(result)) {
            String[] row = json.values(line);
            assertThat(balances.put(Integer.parseInt(row[0]), Long.parseLong(row[1]))).as("row %s once", row[0]).isNull();
        }
        // Each transfer moves money between two accounts in one transaction: readers in one snapshot
        // keep the total, readers in different moments almost never do.
        assertThat(balances).hasSize(ACCOUNTS);
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ACCOUNTS * BALANCE);
        Manifest m = result.manifest();
        assertThat(m.scan().pointInTime()).isTrue();
        assertThat(m.scan().mode()).isEqualTo("mysql-consistent-snapshot");
        assertThat(m.scan().segments()).isEqualTo(6);
        assertThat(m.source().kind()).isEqualTo("mysql");
        MySqlSchema schema = ManifestCodec.mapper().treeToValue(m.table().schema(), MySqlSchema.class);
        assertThat(schema.snapshot().readers()).isEqualTo(4);
        assertThat(schema.snapshot().globalReadLock()).isTrue();
        assertThat(schema.snapshot().rangeColumn()).isEqualTo("id");
        assertThat(schema.snapshot().rangeLow()).isEqualTo("1");
        assertThat(schema.snapshot().rangeHigh()).isEqualTo(Integer.toString(ACCOUNTS));
        assertThat(schema.snapshot().takenAt()).isBetween(m.startedAt().minusSeconds(1), m.finishedAt().plusSeconds(1));
        assertThat(schema.keyColumns()).containsExactly("id");
        assertThat(schema.serverVersion()).isNotBlank();
    }

    @Test
    void tableWithoutPrimaryKeyIsReadAsOneSegmentEveryRowOnce() throws Exception {
        BackupResult result;
        try (MySqlTableSource source = source(MySqlReaders.DEFAULT.withParallelFromBytes(0))) {
            result = new BackupRunner().run(BackupRequest.of(source, table("heap"), new FileSystemBackupStore(dir))
                    .withScan(ScanOptions.defaults().withSegments(4)));
        }
        Map<String, Integer> counts = new HashMap<>();
        MySqlRowJson json = new MySqlRowJson(List.of("a", "b"));
        for (byte[] line : lines(result)) {
            String[] row = json.values(line);
            counts.merge(row[0] + "|" + row[1], 1, Integer::sum);
        }
        assertThat(result.manifest().totals().items()).isEqualTo(3_003);
        assertThat(counts).as("3000 distinct rows and the duplicated one").hasSize(3_001);
        assertThat(counts.get("7|duplicate")).isEqualTo(3);
        assertThat(result.manifest().scan().segments()).isEqualTo(1);
        MySqlSchema schema = ManifestCodec.mapper().treeToValue(result.manifest().table().schema(), MySqlSchema.class);
        assertThat(schema.primaryKey()).isNull();
        assertThat(schema.snapshot().readers()).isEqualTo(1);
        assertThat(schema.snapshot().globalReadLock()).isFalse();
        assertThat(schema.keyColumns()).containsExactly("a", "b");
    }

    @Test
    void unknownTableFailsNamingTableAndServerWithoutAManifest() throws IOException {
        try (MySqlTableSource source = source(MySqlReaders.DEFAULT)) {
            assertThatThrownBy(() -> source.describe(table("no_such_table")))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("'" + table("no_such_table") + "'").hasMessageContaining("source 'maria'")
                    .hasMessageContaining("mysql at " + db.url())
                    .hasMessageContaining("table not found")
                    .satisfies(e -> assertThat(((SourceException) e).tableMissing()).isTrue());
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table("no_such_table"),
                    new FileSystemBackupStore(dir))))
                    .isInstanceOf(BackupFailedException.class).hasMessageContaining("table not found");
        }
        assertThat(manifests()).isEmpty();
    }

    @Test
    void aTypeThatCannotBeRestoredExactlyIsRefusedNamingTheColumn() {
        try (MySqlTableSource source = source(MySqlReaders.DEFAULT)) {
            assertThatThrownBy(() -> source.describe(table("places")))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("column `p`").hasMessageContaining("point")
                    .hasMessageContaining("'" + table("places") + "'");
        }
    }

    @Test
    void parallelReadersWithoutReloadFailNamingServerUserAndPrivilegeWithoutAManifest() throws IOException {
        MySqlConnector connector = new MySqlConnector(db.url(), noReload, "pw-" + db.id());
        try (MySqlTableSource source = new MySqlTableSource("maria", connector, MySqlReaders.DEFAULT.withParallelFromBytes(0))) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table("accounts"),
                    new FileSystemBackupStore(dir))))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("'" + table("accounts") + "'")
                    .hasMessageContaining("mysql at " + db.url())
                    .hasMessageContaining("RELOAD")
                    .hasMessageContaining(noReload);
        }
        assertThat(manifests()).isEmpty();
    }

    @Test
    void withoutReloadTheConfiguredFallbackReadsWithOneReaderInOneSnapshot() throws Exception {
        MySqlConnector connector = new MySqlConnector(db.url(), noReload, "pw-" + db.id());
        BackupResult result;
        try (MySqlTableSource source = new MySqlTableSource("maria", connector, MySqlReaders.DEFAULT
                .withParallelFromBytes(0).withLock(MySqlReaders.Lock.OR_SINGLE_READER))) {
            result = new BackupRunner().run(BackupRequest.of(source, table("accounts"), new FileSystemBackupStore(dir))
                    .withScan(ScanOptions.defaults().withSegments(3)));
        }
        assertThat(result.manifest().totals().items()).isEqualTo(ACCOUNTS);
        MySqlSchema schema = ManifestCodec.mapper().treeToValue(result.manifest().table().schema(), MySqlSchema.class);
        assertThat(schema.snapshot().readers()).isEqualTo(1);
        assertThat(schema.snapshot().globalReadLock()).isFalse();
        assertThat(result.manifest().scan().segments()).as("ranges still split, read one after another").isEqualTo(3);
    }

    @Test
    void connectionLostMidBackupFailsNamingTableAndServerWithoutAManifest() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong killed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Killing every connection of the backup's own user, once its readers are reading, is what a
        // server going away looks like to the backup; the shared server itself must stay up for everyone else.
        Thread killer = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // Until the backup has ended: the first connections seen may be ones it no longer needs (the lock's),
                // so one round of kills alone can leave its readers running to a committed backup.
                while (!stop.get()) {
                    List<Long> ids = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                            + reader + "'")) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                    if (ids.size() >= 2) {
                        Thread.sleep(500);
                        try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                                + reader + "'")) {
                            while (rs.next()) {
                                try (Statement k = c.createStatement()) {
                                    k.execute("KILL CONNECTION " + rs.getLong(1));
                                    killed.incrementAndGet();
                                } catch (SQLException gone) {
                                    // It ended by itself meanwhile.
                                }
                            }
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                failure.set(e);
            }
        });
        killer.start();
        MySqlConnector connector = new MySqlConnector(db.url(), reader, "pw-" + db.id());
        try (MySqlTableSource source = new MySqlTableSource("maria", connector, MySqlReaders.DEFAULT.withParallelFromBytes(0))) {
            assertThatThrownBy(() -> new BackupRunner().run(BackupRequest.of(source, table("wide"),
                    new FileSystemBackupStore(dir)).withScan(ScanOptions.defaults().withSegments(2)
                    .withReadLimit(ReadLimit.itemsPerSecond(1_000)))))
                    .isInstanceOf(BackupFailedException.class)
                    .hasMessageContaining("'" + table("wide") + "'")
                    .hasMessageContaining("mysql at " + db.url());
        } finally {
            stop.set(true);
            killer.join();
        }
        assertThat(failure.get()).as("the killer's own failure").isNull();
        assertThat(killed.get()).as("connections killed").isPositive();
        assertThat(manifests()).isEmpty();
    }

    private static String table(String name) {
        return db.database() + "." + name;
    }

    private static MySqlTableSource source(MySqlReaders readers) {
        return new MySqlTableSource("maria", db.connector(), readers);
    }

    private List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
        }
    }

    private List<byte[]> lines(BackupResult result) throws Exception {
        BackupRepository repo = new BackupRepository(new FileSystemBackupStore(dir));
        List<byte[]> lines = new ArrayList<>();
        for (Manifest.DataObject o : result.manifest().objects()) {
            try (DataObjectReader r = repo.read(result.ref(), result.manifest(), o)) {
                byte[] line;
                while ((line = r.next()) != null) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static void transfer(AtomicBoolean stop, AtomicLong done, int seed) throws SQLException {
        Random random = new Random(seed);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (var debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
                    var credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                while (!stop.get()) {
                    int a = 1 + random.nextInt(ACCOUNTS);
                    int b = 1 + random.nextInt(ACCOUNTS);
                    long amount = 1 + random.nextInt(100);
                    try {
                        debit.setLong(1, amount);
                        debit.setInt(2, Math.min(a, b));
                        debit.executeUpdate();
                        credit.setLong(1, amount);
                        credit.setInt(2, Math.max(a, b));
                        credit.executeUpdate();
                        c.commit();
                        done.incrementAndGet();
                    } catch (SQLException e) {
                        // A deadlock between the two writers rolls one back; the total is kept either way.
                        c.rollback();
                        if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    private static void waitFor(AtomicLong counter, long atLeast) throws InterruptedException {
        while (counter.get() < atLeast) {
            Thread.sleep(1);
        }
    }
}
