package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Remote partitioning with three daemons (the packaged jar, each its own JVM) on one PostgreSQL
 * catalog and the machine's RabbitMQ: a backup's 16 segments run on several processes; a worker
 * killed with SIGKILL mid-partition is found dead by its heartbeat and the backup is restarted to
 * run that partition again; the broker stopped mid-backup fails it cleanly, naming the broker, and
 * the next backup succeeds once it is back; a killed manager is recovered as without a cluster.
 * Every committed backup is checked item for item against a fresh scan of the table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final int ITEMS = 40_000;
    private static final String TOKEN = ApiTokens.generate();
    private static final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    private static final String QUEUE = "rehearsal.partitions.cluster-it";
    private static Path storeDir;
    private static String fast;
    private static String slow;
    private static Map<String, String> config;
    private static final DaemonProcess[] daemons = new DaemonProcess[3];
    private static final int[] ports = new int[3];

    @BeforeAll
    static void threeReplicas() throws Exception {
        storeDir = Files.createTempDirectory("cluster-it");
        fast = TestTables.uniqueName("cluster-fast");
        slow = TestTables.uniqueName("cluster-slow");
        try (DynamoDbClient c = dynamo.client()) {
            for (String t : List.of(fast, slow)) {
                TestTables.createSimple(c, t);
                TestTables.fill(c, t, ITEMS, 100);
            }
        }
        config = TestConfig.daemon().postgres(postgres).source(dynamo).filesystemStore(storeDir)
                .policy("fast", fast).policy("slow", slow)
                .with("rehearsal.policies.fast.segments", "16")
                .with("rehearsal.policies.slow.segments", "16")
                // 4,000 items a second over the 4 segments a process reads at once: a segment takes
                // about 2.5 s, long enough to kill its worker in the middle of it.
                .with("rehearsal.policies.slow.read-limit", "4000")
                .with("rehearsal.policies.fast.retention.keep-last", "100")
                .with("rehearsal.policies.slow.retention.keep-last", "100")
                .with("rehearsal.cluster.enabled", "true")
                .with("rehearsal.cluster.queue", QUEUE)
                .with("rehearsal.cluster.worker-concurrency", "2")
                .with("rehearsal.cluster.heartbeat", "1s")
                .with("rehearsal.cluster.dead-after", "6s")
                .with("spring.rabbitmq.host", "127.0.0.1")
                .drillsIn(sandbox)
                .token("cluster-operator", "operator", TOKEN)
                .toMap();
        // The first replica creates the schema; the others start once it is there.
        start(0);
        start(1);
        start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        rabbitmqctl("start_app");
        for (DaemonProcess d : daemons) {
            if (d != null) {
                d.close();
            }
        }
    }

    @Test
    @Order(1)
    void aBackupsSegmentsRunOnSeveralProcessesAndCommitEveryItemOnce() throws Exception {
        long job = backupThrough(0, fast);
        Set<Long> pids = new HashSet<>();
        for (Map<String, Object> p : partitions(job)) {
            assertThat(p.get("status")).isEqualTo("COMPLETED");
            pids.add(((Number) p.get("worker_pid")).longValue());
        }
        assertThat(partitions(job)).hasSize(16);
        assertThat(pids).as("processes that ran partitions of one backup").hasSizeGreaterThanOrEqualTo(2)
                .isSubsetOf(daemons[0].pid(), daemons[1].pid(), daemons[2].pid());
        assertExactlyOnce(fast, 1);
    }

    @Test
    @Order(2)
    void aRestoresObjectsAndItsVerificationScanRunOnSeveralProcessesAndTheRestoredTableIsTheBackup() throws Exception {
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports[0] + "/api/v1/restores"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"local\",\"table\":\"" + fast + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String restoreId = started.body().replaceAll(".*\"restoreId\":\"([^\"]+)\".*", "$1");
        long since = query("SELECT COALESCE(MAX(step_execution_id), 0) FROM rehearsal_partition");
        await("the restore is verified", Duration.ofSeconds(120), () -> {
            String status = restoreColumn(restoreId, "status");
            if (status != null && !status.equals("RUNNING")) {
                assertThat(status).as(restoreColumn(restoreId, "error")).isEqualTo("SUCCEEDED");
                return 1L;
            }
            return null;
        }, daemons[0]);
        Map<String, Set<Long>> pidsByStep = new LinkedHashMap<>();
        try (Connection c = connection(); ResultSet r = c.createStatement().executeQuery("SELECT step_name, worker_pid,"
                + " status FROM rehearsal_partition WHERE step_execution_id > " + since)) {
            while (r.next()) {
                assertThat(r.getString(3)).isEqualTo("COMPLETED");
                pidsByStep.computeIfAbsent(r.getString(1).substring(0, r.getString(1).indexOf(':')), k -> new HashSet<>())
                        .add(r.getLong(2));
            }
        }
        assertThat(pidsByStep.get("load-object")).as("processes that loaded data objects").hasSizeGreaterThanOrEqualTo(2);
        assertThat(pidsByStep.get("scan-segment")).as("processes that scanned the restored table")
                .hasSizeGreaterThanOrEqualTo(2);
        String target = restoreColumn(restoreId, "target");
        List<BackupRef> all = backups(fast);
        Manifest m = new BackupRepository(new FileSystemBackupStore(storeDir)).manifest(all.get(all.size() - 1));
        assertThat(CrashRecoveryIT.freshDigest(sandbox, target)).as("the restored table against the backup, by an"
                + " independent scan").isEqualTo(m.contentDigest());
    }

    @Test
    @Order(3)
    void aWorkerKilledMidPartitionIsFoundDeadAndOnlyItsPartitionRunsAgain() throws Exception {
        int before = backups(slow).size();
        post(0, slow);
        long victim = daemons[1].pid();
        long job = await("a partition runs on replica 1", Duration.ofSeconds(60),
                () -> runningOn(victim), daemons[0]);
        daemons[1].killHard();
        await("the backup commits after the restart", Duration.ofSeconds(120),
                () -> backups(slow).size() > before ? 1L : null, daemons[0]);
        List<Map<String, Object>> first = partitions(job);
        assertThat(first).filteredOn(p -> "LOST".equals(p.get("status")))
                .as("partitions of the killed worker declared lost").isNotEmpty()
                .allSatisfy(p -> assertThat(((Number) p.get("worker_pid")).longValue()).isEqualTo(victim));
        long restart = query("SELECT MAX(e2.job_execution_id) FROM batch_job_execution e1 JOIN batch_job_execution e2"
                + " ON e1.job_instance_id = e2.job_instance_id WHERE e1.job_execution_id = " + job);
        assertThat(restart).as("the restart is a new execution of the same job instance").isGreaterThan(job);
        List<Map<String, Object>> rerun = partitions(restart);
        assertThat(rerun).as("the restart ran only the partitions that did not complete").isNotEmpty()
                .hasSizeLessThan(16).allSatisfy(p -> assertThat(p.get("status")).isEqualTo("COMPLETED"));
        long completedFirst = first.stream().filter(p -> "COMPLETED".equals(p.get("status"))).count();
        assertThat(completedFirst + rerun.size()).as("every segment completed once over both executions").isEqualTo(16);
        assertThat(daemons[0].log()).contains("Restarting rehearsal-backup of local/" + slow);
        assertExactlyOnce(slow, before + 1);

        // The backup's detail names the worker of every partition, the lost ones too.
        List<BackupRef> all = backups(slow);
        HttpResponse<String> detail = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + ports[0] + "/api/v1/backups/local/" + slow + "/" + all.get(all.size() - 1).id().value()))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
        var runs = tools.jackson.databind.json.JsonMapper.builder().build().readTree(detail.body()).get("partitions");
        List<String> completedBy = new ArrayList<>();
        List<String> lostBy = new ArrayList<>();
        runs.forEach(p -> (p.get("status").asString().equals("COMPLETED") ? completedBy : lostBy)
                .add(p.get("worker").asString()));
        assertThat(completedBy).hasSize(16);
        assertThat(lostBy).isNotEmpty().allMatch(w -> w.endsWith("(pid " + victim + ")"));

        // The manager counts what it dispatched, lost and re-ran.
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0]
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metric(scrape, "rehearsal_partitions_failed_total{reason=\"lost\",step=\"segment\"}"))
                .isEqualTo((double) lostBy.size());
        assertThat(metric(scrape, "rehearsal_partitions_rerun_total{step=\"segment\"}")).isEqualTo((double) (16 - completedFirst));
        assertThat(metric(scrape, "rehearsal_partitions_dispatched_total{step=\"segment\"}"))
                .as("16 of the first backup, 16 + the re-run of this one").isEqualTo((double) (32 + 16 - completedFirst));
        start(1);
    }

    @Test
    @Order(4)
    void theBrokerStoppedMidBackupFailsItNamingTheBrokerAndTheNextBackupSucceeds() throws Exception {
        int before = backups(slow).size();
        post(0, slow);
        long job = await("partitions run", Duration.ofSeconds(60), ClusterIT::anyRunning, daemons[0]);
        rabbitmqctl("stop_app");
        try {
            await("the backup fails", Duration.ofSeconds(90), () -> "FAILED".equals(jobStatus(job)) ? 1L : null,
                    daemons[0]);
        } finally {
            rabbitmqctl("start_app");
        }
        assertThat(daemons[0].log()).contains("the broker at amqp://127.0.0.1:5672/ (spring.rabbitmq.*) has been"
                + " unreachable since");
        assertThat(backups(slow)).as("no manifest for the failed backup").hasSize(before);
        assertThat(CrashRecoveryIT.files(storeDir)).as("nothing of the failed backup is left")
                .allMatch(f -> committedFolders(slow).stream().anyMatch(f::startsWith)
                        || committedFolders(fast).stream().anyMatch(f::startsWith));
        Thread.sleep(3_000); // the replicas' consumers reconnect
        backupThrough(0, slow);
        assertExactlyOnce(slow, before + 1);
    }

    @Test
    @Order(5)
    void aKilledManagerIsRecoveredAsWithoutAClusterAndNothingOfItsAttemptIsCommitted() throws Exception {
        int before = backups(slow).size();
        post(0, slow);
        long job = await("partitions run", Duration.ofSeconds(60), ClusterIT::anyRunning, daemons[0]);
        daemons[0].killHard();
        await("another replica recovers the backup and commits it", Duration.ofSeconds(180),
                () -> backups(slow).size() > before ? 1L : null, daemons[2]);
        assertThat(jobStatus(job)).isEqualTo("FAILED");
        assertExactlyOnce(slow, before + 1);
        await("no partition of the killed manager's backup runs on", Duration.ofSeconds(30),
                () -> partitions(job).stream().noneMatch(p -> "RUNNING".equals(p.get("status"))) ? 1L : null, daemons[2]);
        Thread.sleep(2_000);
        assertThat(CrashRecoveryIT.files(storeDir)).as("nothing of the killed manager's attempt is left")
                .allMatch(f -> committedFolders(slow).stream().anyMatch(f::startsWith)
                        || committedFolders(fast).stream().anyMatch(f::startsWith));
    }

    @Test
    @Order(6)
    void aWorkerKilledMidLoadIsFoundDeadAndItsObjectsAreLoadedAgainIntoTheSameTable() throws Exception {
        int manager = 2;
        long victim = daemons[1].pid();
        long since = query("SELECT COALESCE(MAX(step_execution_id), 0) FROM rehearsal_partition");
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports[manager] + "/api/v1/restores"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"local\",\"table\":\"" + slow + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String restoreId = started.body().replaceAll(".*\"restoreId\":\"([^\"]+)\".*", "$1");
        await("a data object loads on replica 1", Duration.ofSeconds(60), () -> nullIfZero(query(
                "SELECT COUNT(*) FROM rehearsal_partition WHERE status = 'RUNNING' AND step_name LIKE 'load-object:%'"
                        + " AND worker_pid = " + victim + " AND step_execution_id > " + since)), daemons[manager]);
        daemons[1].killHard();
        await("the restore is verified", Duration.ofSeconds(120), () -> {
            String status = restoreColumn(restoreId, "status");
            if (status != null && !status.equals("RUNNING")) {
                assertThat(status).as(restoreColumn(restoreId, "error")).isEqualTo("SUCCEEDED");
                return 1L;
            }
            return null;
        }, daemons[manager]);
        assertThat(query("SELECT COUNT(*) FROM rehearsal_partition WHERE status = 'LOST' AND step_name LIKE"
                + " 'load-object:%' AND worker_pid = " + victim + " AND step_execution_id > " + since))
                .as("load partitions lost with the killed worker").isPositive();
        String target = restoreColumn(restoreId, "target");
        List<BackupRef> all = backups(slow);
        Manifest m = new BackupRepository(new FileSystemBackupStore(storeDir)).manifest(all.get(all.size() - 1));
        assertThat(CrashRecoveryIT.freshDigest(sandbox, target)).as("the restored table against the backup: every"
                + " item once, though some objects were loaded twice").isEqualTo(m.contentDigest());
    }

    /** The newest backup of the table is complete: every item once, by count and by content digest. */
    private static void assertExactlyOnce(String table, int backupsExpected) throws Exception {
        List<BackupRef> committed = backups(table);
        assertThat(committed).hasSize(backupsExpected);
        BackupRepository repository = new BackupRepository(new FileSystemBackupStore(storeDir));
        Manifest m = repository.manifest(committed.get(committed.size() - 1));
        assertThat(m.totals().items()).isEqualTo(ITEMS);
        assertThat(m.contentDigest()).as("every item exactly once").isEqualTo(CrashRecoveryIT.freshDigest(dynamo, table));
        Path folder = Path.of(committedFolders(table).get(committedFolders(table).size() - 1), "data");
        try (var files = Files.list(folder)) {
            assertThat(files.count()).as("data objects in the folder against those the manifest lists")
                    .isEqualTo(m.objects().size());
        }
    }

    private static long backupThrough(int replica, String table) throws Exception {
        int before = backups(table).size();
        long since = query("SELECT COALESCE(MAX(job_execution_id), 0) FROM batch_job_execution");
        post(replica, table);
        await("the backup of " + table + " commits", Duration.ofSeconds(120),
                () -> backups(table).size() > before ? 1L : null, daemons[replica]);
        return query("SELECT MIN(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_execution_params p"
                + " ON e.job_execution_id = p.job_execution_id WHERE p.parameter_name = 'table' AND p.parameter_value = '"
                + table + "' AND e.job_execution_id > " + since);
    }

    private static double metric(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
    }

    private static void post(int replica, String table) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports[replica] + "/api/v1/backups"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"local\",\"table\":\"" + table + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static void start(int i) throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            ports[i] = s.getLocalPort();
        }
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put("server.port", Integer.toString(ports[i]));
        daemons[i] = DaemonProcess.start("cluster-" + i + "-" + System.nanoTime(), c);
        DaemonProcess d = daemons[i];
        CrashRecoveryIT.await("replica " + i + " is up", Duration.ofSeconds(120), () -> {
            try {
                return d.log().contains("Covered tables");
            } catch (java.io.IOException e) {
                return false;
            }
        }, d);
    }

    private static List<BackupRef> backups(String table) {
        return CrashRecoveryIT.committed(new BackupRepository(new FileSystemBackupStore(storeDir)), table);
    }

    private static List<String> committedFolders(String table) {
        List<String> folders = new ArrayList<>();
        for (BackupRef ref : backups(table)) {
            folders.add(storeDir.resolve("local").resolve(table).resolve(ref.id().value()).toString());
        }
        return folders;
    }

    private static Long runningOn(long pid) {
        return nullIfZero(query("SELECT COALESCE(MAX(job_execution_id), 0) FROM rehearsal_partition WHERE status = 'RUNNING'"
                + " AND worker_pid = " + pid));
    }

    private static Long anyRunning() {
        return nullIfZero(query("SELECT COALESCE(MAX(job_execution_id), 0) FROM rehearsal_partition WHERE status = 'RUNNING'"));
    }

    private static Long nullIfZero(long n) {
        return n == 0 ? null : n;
    }

    private static List<Map<String, Object>> partitions(long jobExecution) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = connection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT step_name, status, worker_pid FROM rehearsal_partition WHERE job_execution_id = " + jobExecution)) {
            while (r.next()) {
                rows.add(Map.of("step_name", r.getString(1), "status", r.getString(2), "worker_pid", r.getLong(3)));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static String restoreColumn(String restoreId, String column) {
        try (Connection c = connection(); var s = c.prepareStatement("SELECT " + column
                + " FROM rehearsal_restore WHERE restore_id = ?")) {
            s.setString(1, restoreId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jobStatus(long jobExecution) {
        try (Connection c = connection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT status FROM batch_job_execution WHERE job_execution_id = " + jobExecution)) {
            return r.next() ? r.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long query(String sql) {
        try (Connection c = connection(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connection() throws java.sql.SQLException {
        return DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
    }

    /** Waits for a non-null value, failing with the daemon's log if it does not come or the daemon dies. */
    private static long await(String what, Duration timeout, java.util.function.Supplier<Long> value, DaemonProcess d)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Long v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline || !d.alive()) {
                throw new AssertionError("timed out waiting until " + what + "; daemon log:\n" + d.log());
            }
            Thread.sleep(200);
        }
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process p = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("rabbitmqctl " + command + " failed: " + out);
        }
    }
}
