package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.source.dynamodb.DynamoDbCanonical;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.core.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * kill -9 in the middle of a backup, then a restart: the interrupted execution is recovered, its
 * attempt never gets a manifest and is removed, and the backup that runs again holds every item
 * exactly once.
 */
class CrashRecoveryIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path storeDir;

    @Test
    void aKilledBackupIsRecoveredAndRunAgainWithoutDuplicates() throws Exception {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = TestTables.uniqueName("crash");
        try (DynamoDbClient c = dynamo.client()) {
            TestTables.createSimple(c, table);
            TestTables.fill(c, table, 20_000, 200);
        }
        Map<String, String> config = config(dynamo, table)
                .with("rehearsal.policies.main.run-on-start", "true")
                .with("rehearsal.policies.main.read-limit", "2000")
                .toMap();
        FileSystemBackupStore store = new FileSystemBackupStore(storeDir);
        BackupRepository backups = new BackupRepository(store);

        try (DaemonProcess first = DaemonProcess.start("crash-first", config)) {
            // The read limit makes the backup take about ten seconds; kill it once data is being written.
            await("the first backup writes data", Duration.ofSeconds(120), () -> first.alive() && writing(storeDir),
                    first);
            first.killHard();
        }
        assertThat(backups.committed("local", table)).as("the killed attempt has no manifest").isEmpty();
        assertThat(files(storeDir)).as("the killed attempt left an unfinished object").isNotEmpty();
        assertThat(status("STARTED")).as("the killed execution is still marked running").isEqualTo(1);

        try (DaemonProcess second = DaemonProcess.start("crash-second", config)) {
            await("the backup runs again and commits", Duration.ofSeconds(120),
                    () -> !committed(backups, table).isEmpty(), second);
            assertThat(second.log()).contains("Recovered rehearsal-backup of local/" + table);
        }
        List<BackupRef> committed = backups.committed("local", table);
        assertThat(committed).hasSize(1);
        String committedFolder = storeDir.resolve("local").resolve(table).resolve(committed.get(0).id().value()).toString();
        assertThat(files(storeDir)).as("nothing of the killed attempt is left").allMatch(f -> f.startsWith(committedFolder));
        Manifest m = backups.manifest(committed.get(0));
        assertThat(m.totals().items()).isEqualTo(20_000);
        assertThat(m.contentDigest()).as("every item exactly once").isEqualTo(freshDigest(dynamo, table));
        assertThat(status("STARTED")).as("no execution is left marked running").isZero();
        assertThat(status("FAILED")).as("the interrupted execution is marked failed").isEqualTo(1);
    }

    @Test
    void aKilledRestoreIntoANewTableIsRecordedAsFailedAndLeavesNoTableBehind() throws Exception {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = TestTables.uniqueName("crash-restore");
        String target = table + "-recovered";
        try (DynamoDbClient c = dynamo.client()) {
            TestTables.createSimple(c, table);
            TestTables.fill(c, table, 40_000, 200);
        }
        String token = dev.rehearsal.dashboard.security.ApiTokens.generate();
        Map<String, String> config = config(dynamo, table)
                .with("rehearsal.policies.main.run-on-start", "true")
                .token("crash-admin", "admin", token)
                .toMap();
        BackupRepository backups = new BackupRepository(new FileSystemBackupStore(storeDir));
        String restoreId;
        try (DaemonProcess first = DaemonProcess.start("crash-restore-first", withPort(config))) {
            await("the start-up backup commits", Duration.ofSeconds(120), () -> !committed(backups, table).isEmpty(), first);
            java.net.http.HttpResponse<String> started = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/restores"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"source\":\"local\",\"table\":\""
                                    + table + "\",\"targetTable\":\"" + target + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            restoreId = started.body().replaceAll(".*\"restoreId\":\"([^\"]+)\".*", "$1");
            await("the new table holds some items", Duration.ofSeconds(60), () -> hasItems(dynamo, target), first);
            first.killHard();
        }
        assertThat(hasItems(dynamo, target)).as("the killed restore left a half-loaded table").isTrue();

        try (DaemonProcess second = DaemonProcess.start("crash-restore-second", withPort(config))) {
            await("the dead restore is recovered", Duration.ofSeconds(150),
                    () -> !"RUNNING".equals(restoreColumn(restoreId, "status")), second);
            assertThat(restoreColumn(restoreId, "status")).isEqualTo("FAILED");
            assertThat(restoreColumn(restoreId, "error")).contains("the daemon running this restore stopped")
                    .contains("table '" + target + "' that this restore created was deleted");
            assertThat(restoreColumn(restoreId, "partial_table")).isNull();
        }
        try (DynamoDbClient c = dynamo.client()) {
            assertThat(c.listTables().tableNames()).as("nothing half-loaded is left looking restored").doesNotContain(target)
                    .contains(table);
        }
    }

    private int port;

    /** The configuration on a free port of its own, so that the test can call the daemon's API. */
    private Map<String, String> withPort(Map<String, String> config) throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> c = new java.util.LinkedHashMap<>(config);
        c.put("server.port", Integer.toString(port));
        return c;
    }

    private static boolean hasItems(DynamoDbLocal dynamo, String table) {
        try (DynamoDbClient c = dynamo.client()) {
            return c.scan(s -> s.tableName(table).limit(1)).count() > 0;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private String restoreColumn(String restoreId, String column) {
        try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
                var s = c.prepareStatement("SELECT " + column + " FROM rehearsal_restore WHERE restore_id = ?")) {
            s.setString(1, restoreId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    /** The daemon both tests start: this class's PostgreSQL catalog, one source covering one table, the store in storeDir. */
    private TestConfig config(DynamoDbLocal dynamo, String table) {
        return TestConfig.daemon().postgres(postgres).source(dynamo).filesystemStore(storeDir).policy("main", table);
    }

    static List<String> files(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean writing(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(f -> f.toString().contains("/data/"));
        } catch (Exception e) {
            return false;
        }
    }

    static List<BackupRef> committed(BackupRepository backups, String table) {
        try {
            return backups.committed("local", table);
        } catch (Exception e) {
            return List.of();
        }
    }

    private long status(String status) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
                ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM batch_job_execution e JOIN"
                        + " batch_job_instance i ON e.job_instance_id = i.job_instance_id WHERE i.job_name ="
                        + " 'rehearsal-backup' AND e.status = '" + status + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    static ContentDigest freshDigest(DynamoDbLocal dynamo, String table) {
        ContentDigest.Accumulator digest = new ContentDigest.Accumulator();
        DynamoDbCanonical canonical = new DynamoDbCanonical();
        try (DynamoDbClient c = dynamo.client()) {
            c.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(i -> digest.add(canonical.hash(i)));
        }
        return digest.digest();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, DaemonProcess process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !process.alive()) {
                throw new AssertionError("timed out waiting until " + what + "; daemon log:\n" + process.log());
            }
            Thread.sleep(200);
        }
    }
}
