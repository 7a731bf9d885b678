package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The daemon, as it is, with a {@code kind: mysql} source on the local MariaDB (127.0.0.1:3306, root,
 * as the project's machines and CI run it): it starts, lists the source's tables and audits their
 * coverage, backs a table up, drills it in a sandbox database of the same server (PASSED, the sandbox
 * dropped after), restores it over the API into a sandbox database that is kept, and, as an admin,
 * into a new table beside the original; every restored row is compared with the source's. The
 * source and the sandbox databases are this class's own, dropped afterwards, since the server is
 * shared. An H2 catalog and a filesystem store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MySqlDaemonApiTest {

    static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    static final String DATABASE = "rehearsal_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String TABLE = DATABASE + ".orders";
    static final String UNCOVERED = DATABASE + ".scratch";
    static final String SANDBOX_PREFIX = DATABASE + "_sb_";
    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final int ROWS = 3_000;

    @Autowired
    Environment environment;
    @Autowired
    Engines engines;
    @Autowired
    RehearsalJobs jobs;
    @Autowired
    JdbcTemplate jdbc;
    Api api;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        sql("DROP DATABASE IF EXISTS " + DATABASE,
                "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE TABLE " + TABLE + " (id INT NOT NULL PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                        + " mood ENUM('sad', 'ok', 'happy'), total DECIMAL(12,2), placed DATETIME(6), note TEXT,"
                        + " receipt VARBINARY(16), KEY orders_customer (customer))",
                "INSERT INTO " + TABLE + " SELECT seq, CONCAT('customer ', seq % 41), ELT(1 + seq % 3, 'sad', 'ok', 'happy'),"
                        + " seq * 1.25, TIMESTAMP '2026-12-07 05:40:00' + INTERVAL seq MINUTE,"
                        + " IF(seq % 7 = 0, NULL, CONCAT('Zürich ☕ #', seq)), IF(seq % 5 = 0, NULL, UNHEX(MD5(seq)))"
                        + " FROM " + DATABASE + ".seq_1_to_" + ROWS,
                "CREATE TABLE " + UNCOVERED + " (id INT PRIMARY KEY)");
        TestConfig.daemon()
                .h2("mysql-daemon-api-test")
                .with("rehearsal.sources.local.kind", "mysql")
                .with("rehearsal.sources.local.jdbc-url", SERVER)
                .with("rehearsal.sources.local.username", "root")
                .with("rehearsal.sources.local.include[0]", DATABASE + ".*")
                .with("rehearsal.sources.local.readers", "2")
                .filesystemStore(Files.createTempDirectory("rehearsal-mysql-daemon-test"))
                .policy("shop", TABLE)
                .with("rehearsal.policies.shop.drill-cron", TestConfig.NEVER)
                .with("rehearsal.sandbox.mysql.jdbc-url", SERVER)
                .with("rehearsal.sandbox.mysql.username", "root")
                .with("rehearsal.sandbox.mysql.prefix", SANDBOX_PREFIX)
                .with("rehearsal.sandbox.mysql.load-connections", "2")
                .with("rehearsal.coverage-interval", "2s")
                .token("ci-operator", "operator", OPERATOR)
                .token("ci-admin", "admin", ADMIN)
                .addTo(r);
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (String database : databases(DATABASE)) {
            sql("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    @Test
    @Order(1)
    void theDaemonListsTheSourcesTablesAndTheCoverageAuditNamesThem() throws Exception {
        // The server is shared: the source lists every table it may read, others' databases included.
        assertThat(engines.listTables(new LinkedHashMap<>()).get("local")).contains(TABLE, UNCOVERED);
        assertThat(engines.sandboxes()).containsOnlyKeys("mysql");

        // The API lists the source's tables its include patterns keep, each with the coverage audit's verdict.
        JsonNode tables = api.await("/api/v1/tables?source=local", ADMIN, t -> t.size() >= 2, Duration.ofMinutes(1));
        assertThat(tables).extracting(t -> t.get("table").asString()).containsExactlyInAnyOrder(TABLE, UNCOVERED);
        assertThat(find(tables, TABLE).get("coverage").asString()).isEqualTo("COVERED");
        assertThat(find(tables, TABLE).get("policy").asString()).isEqualTo("shop");
        assertThat(find(tables, UNCOVERED).get("coverage").asString()).isEqualTo("UNCOVERED");
    }

    @Test
    @Order(2)
    void aTableIsBackedUpAndItsDrillPassesInASandboxDatabaseThatIsDroppedAfter() throws Exception {
        JobExecution backup = jobs.backup("local", TABLE, "test").orElseThrow();
        assertThat(backup.getStatus()).as(backup.getExitStatus().getExitDescription()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT items FROM rehearsal_backup WHERE source = 'local' AND table_name = ?",
                Long.class, TABLE)).isEqualTo(ROWS);

        JobExecution drill = jobs.drill("local", TABLE, "test").orElseThrow();
        assertThat(drill.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(drill.getExitStatus().getExitCode()).as(drill.getExitStatus().getExitDescription()).isEqualTo("PASSED");
        assertThat(jdbc.queryForObject("SELECT report_json FROM rehearsal_drill WHERE source = 'local' AND table_name = ?",
                String.class, TABLE)).contains("content-digest", "spot-check", "\"outcome\" : \"PASSED\"");
        assertThat(databases(SANDBOX_PREFIX)).as("the drill dropped its sandbox database").isEmpty();
    }

    @Test
    @Order(3)
    void aRestoreIntoTheSandboxIsVerifiedAndKeptWithEveryRowOfTheSource() throws Exception {
        ensureBackup();

        Api.Response started = api.post("/api/v1/restores", OPERATOR, Map.of("source", "local", "table", TABLE));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode done = api.await("/api/v1/restores/" + started.json().get("restoreId").asString(), ADMIN,
                r -> !r.get("status").asString().equals("RUNNING"), Duration.ofMinutes(2));

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        // The sandbox is a database of the restore's own, holding the table under its own name.
        String target = done.get("target").asString();
        assertThat(target).startsWith(SANDBOX_PREFIX);
        assertThat(rows(target, "orders")).isEqualTo(rows(DATABASE, "orders"));
    }

    @Test
    @Order(4)
    void anAdminRestoresIntoANewTableBesideTheOriginalAndItHoldsEveryRow() throws Exception {
        ensureBackup();
        List<String> original = rows(DATABASE, "orders");
        String target = DATABASE + ".orders_recovered_20261207";

        Api.Response started = api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", TABLE,
                "targetTable", target));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode done = api.await("/api/v1/restores/" + started.json().get("restoreId").asString(), ADMIN,
                r -> !r.get("status").asString().equals("RUNNING"), Duration.ofMinutes(2));

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(rows(DATABASE, "orders_recovered_20261207")).isEqualTo(original);
        assertThat(rows(DATABASE, "orders")).as("the original is untouched").isEqualTo(original);
        assertThat(api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", TABLE, "targetTable", target))
                .problem(409)).contains("exists");
    }

    private void ensureBackup() throws Exception {
        if (api.get("/api/v1/backups?source=local&table=" + TABLE, ADMIN).json().size() > 0) {
            return;
        }
        Api.Response started = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", TABLE));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode b = api.await("/api/v1/backups?source=local&table=" + TABLE, ADMIN, x -> x.size() > 0,
                Duration.ofMinutes(2));
        assertThat(b.get(0).get("items").asLong()).isEqualTo(ROWS);
    }

    private static JsonNode find(JsonNode tables, String table) {
        for (JsonNode t : tables) {
            if (t.get("table").asString().equals(table)) {
                return t;
            }
        }
        throw new AssertionError("table " + table + " not listed: " + tables);
    }

    /** Every row of a table, each column as the server prints it (binary as hex), in key order. */
    private static List<String> rows(String database, String table) throws Exception {
        String quoted = "`" + database + "`.`" + table + "`";
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT id, customer, mood, total, placed, note, HEX(receipt) FROM "
                    + quoted + " ORDER BY id")) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        assertThat(rows).as("rows of " + quoted).hasSize(ROWS);
        return rows;
    }

    private static List<String> databases(String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '"
                        + prefix.replace("_", "\\_") + "%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
