package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The daemon against real servers: two DynamoDB Local instances (source and sandbox), a
 * filesystem store and an H2 catalog. A backup and a drill run as Spring Batch jobs, land in the
 * catalog and the job repository, and show in /actuator/prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class DaemonContract {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String VIEWER_TOKEN = ApiTokens.generate();

    @Autowired
    RehearsalJobs jobs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    /** The source table of this test class. */
    abstract String table();

    private static final java.util.Map<String, Path> stores = new java.util.concurrent.ConcurrentHashMap<>();

    Path storePath() {
        return stores.get(table());
    }

    /** Creates the source tables and points the daemon, on the catalog given, at the servers and a fresh store. */
    static String configure(DynamicPropertyRegistry r, String stem, TestConfig daemon) {
        String TABLE = TestTables.uniqueName(stem);
        Path STORE = tempDir();
        stores.put(TABLE, STORE);
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
            TestTables.fill(c, TABLE, 1_200, 120);
            TestTables.createSimple(c, TABLE + "-kept");
            TestTables.fill(c, TABLE + "-kept", 300, 100);
        }
        daemon.source(source)
                .filesystemStore(STORE)
                .policy("orders", TABLE, TABLE + "-kept")
                .with("rehearsal.policies.orders.retention.keep-last", "1")
                .with("rehearsal.policies.orders.retention.daily", "0")
                .with("rehearsal.policies.orders.retention.weekly", "0")
                .with("rehearsal.policies.orders.retention.monthly", "0")
                .drillsIn(sandbox)
                .token("contract-viewer", "viewer", VIEWER_TOKEN)
                .addTo(r);
        return TABLE;
    }

    @Test
    void aBackupAndADrillRunAsJobsAndShowInTheCatalogAndInPrometheus() throws Exception {
        String TABLE = table();
        JobExecution backup = jobs.backup("local", TABLE, "test").orElseThrow();
        assertThat(backup.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        JobExecution drill = jobs.drill("local", TABLE, "test").orElseThrow();
        assertThat(drill.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(drill.getExitStatus().getExitCode()).isEqualTo("PASSED");

        assertThat(jdbc.queryForObject("SELECT items FROM rehearsal_backup WHERE table_name = ?", Long.class, TABLE))
                .isEqualTo(1_200L);
        assertThat(jdbc.queryForObject("SELECT outcome FROM rehearsal_drill WHERE table_name = ?", String.class, TABLE))
                .isEqualTo("PASSED");
        assertThat(jdbc.queryForObject("SELECT report_json FROM rehearsal_drill WHERE table_name = ?", String.class, TABLE))
                .contains("\"outcome\" : \"PASSED\"");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p"
                + " ON e.JOB_EXECUTION_ID = p.JOB_EXECUTION_ID WHERE e.STATUS = 'COMPLETED' AND p.PARAMETER_NAME = 'table'"
                + " AND p.PARAMETER_VALUE = ?", Long.class, TABLE)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_sandbox_ledger", Long.class))
                .as("the sandbox was deleted and its ledger entry released").isZero();
        assertThat(jdbc.queryForList("SELECT action || ' ' || outcome FROM rehearsal_audit WHERE actor = 'scheduler'"
                + " AND target = ?", String.class, "local/" + TABLE))
                .as("job starts that are not API calls are audited").contains("backup.start started", "drill.start started");

        String scrape = get("/actuator/prometheus");
        Files.writeString(Path.of("target", getClass().getSimpleName() + "-scrape.txt"), scrape); // for review
        String labels = "{source=\"local\",table=\"" + TABLE + "\"}";
        assertThat(scrape).contains("rehearsal_drill_last_outcome" + labels + " 1.0");
        assertThat(scrape).contains("rehearsal_restore_duration_seconds_count" + labels + " 1");
        assertThat(scrape).contains("rehearsal_backup_items" + labels + " 1200.0");
        assertThat(scrape).contains("rehearsal_backup_runs_total{outcome=\"success\",source=\"local\",table=\"" + TABLE + "\"} 1.0");
        assertThat(scrape).contains("rehearsal_rto_met" + labels + " 1.0");
        assertThat(scrape).contains("rehearsal_rpo_objective_seconds" + labels + " 86400.0");
        assertThat(scrape).as("Spring Batch's own meters").contains("spring_batch_job_seconds_count")
                .contains("spring_batch_step_seconds_count");
        try (DynamoDbClient c = sandbox.client()) {
            assertThat(c.listTables().tableNames()).as("no sandbox left behind").noneMatch(n -> n.contains(TABLE));
        }
    }

    @Test
    void anOnDemandRestoreIsAJobWhoseProgressAndResultAreInTheCatalog() throws Exception {
        String table = table() + "-kept";
        jobs.backup("local", table, "test").orElseThrow();
        String restoreId = "r-" + System.nanoTime();
        JobExecution restore = jobs.restore(restoreId, "local", table, null);

        assertThat(restore.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        var row = jdbc.queryForMap("SELECT status, items, total_items, percent, target, recovery_ms FROM rehearsal_restore"
                + " WHERE restore_id = ?", restoreId);
        assertThat(row.get("STATUS")).isEqualTo("SUCCEEDED");
        assertThat(((Number) row.get("ITEMS")).longValue()).isEqualTo(300);
        assertThat(((Number) row.get("TOTAL_ITEMS")).longValue()).isEqualTo(300);
        assertThat(((Number) row.get("PERCENT")).doubleValue()).isEqualTo(100.0);
        assertThat(((Number) row.get("RECOVERY_MS")).longValue()).isPositive();
        String target = (String) row.get("TARGET");
        assertThat(target).startsWith("rehearsal-sandbox-" + table + "-");
        try (DynamoDbClient c = sandbox.client()) {
            assertThat(c.scan(r -> r.tableName(target).select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT))
                    .count()).as("the restored sandbox is kept for the operator").isEqualTo(300);
        }

        String failedId = "r-" + System.nanoTime();
        JobExecution missing = jobs.restore(failedId, "local", table, "20200101T000000.000Z-00000000");
        assertThat(missing.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.queryForObject("SELECT error FROM rehearsal_restore WHERE restore_id = ?", String.class, failedId))
                .contains("manifest.json").contains(table);
    }

    @Test
    void retentionKeepsTheNewestAndTheNewestVerifiedBackupOnly() throws Exception {
        String table = table() + "-kept";
        BackupRepository backups = new BackupRepository(new FileSystemBackupStore(storePath()));
        jobs.backup("local", table, "test").orElseThrow();
        BackupRef verified = backups.newest("local", table).orElseThrow();
        assertThat(jobs.drill("local", table, "test").orElseThrow().getExitStatus().getExitCode()).isEqualTo("PASSED");
        jobs.backup("local", table, "test").orElseThrow();
        BackupRef between = backups.newest("local", table).orElseThrow();
        jobs.backup("local", table, "test").orElseThrow();
        BackupRef newest = backups.newest("local", table).orElseThrow();

        // keep-last 1 and no periods: only the newest, plus the newest verified, survive.
        assertThat(backups.committed("local", table)).containsExactly(verified, newest);
        assertThat(backups.store().list(dev.rehearsal.core.store.StoreLayout.backupPrefix(between)))
                .as("every object of the expired backup is deleted").isEmpty();
        assertThat(jdbc.queryForList("SELECT backup_id FROM rehearsal_backup WHERE source = ? AND table_name = ?",
                String.class, "local", table))
                .as("the catalog lists exactly the backups the store keeps")
                .containsExactlyInAnyOrder(verified.id().value(), newest.id().value());
    }

    @Test
    void healthIsServedWithoutAuthenticationAsTheStatusAloneAndWithDetailsToATokenOnly() throws Exception {
        String anonymous = get("/actuator/health");
        tools.jackson.databind.JsonNode status = tools.jackson.databind.json.JsonMapper.builder().build().readTree(anonymous);
        assertThat(status.has("components") || status.has("details")).as(anonymous).isFalse();
        assertThat(anonymous).contains("\"status\":\"UP\"").doesNotContain("store disk").doesNotContain("source local")
                .doesNotContain(storePath().toString());
        assertThat(get("/actuator/health/liveness")).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness")).isEqualTo("{\"status\":\"UP\"}");
        String withToken = get("/actuator/health", VIEWER_TOKEN);
        assertThat(withToken).contains("\"status\":\"UP\"").contains("\"rehearsal\"").contains("store disk")
                .contains("source local");
    }

    String get(String path) throws Exception {
        return get(path, null);
    }

    String get(String path, String token) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rehearsal-daemon-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
