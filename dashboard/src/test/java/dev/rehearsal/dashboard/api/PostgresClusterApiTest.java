package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A PostgreSQL table with remote partitioning on, through the machine's RabbitMQ to this daemon's
 * workers: its backup's ctid ranges are read by workers that import the snapshot the backup's
 * manager exported and holds; a drill loads its objects into the sandbox and scans it as
 * partitions; an admin's restore into a new table is loaded by workers that attach to the table
 * the restore created. Each is checked row for row or by the drill's own checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresClusterApiTest {

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();

    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final String TABLE = "lab.readings";
    static final int ROWS = 20_000;

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate catalog;
    Api api;

    @BeforeAll
    static void sourceTable() throws Exception {
        sql("CREATE SCHEMA lab",
                "CREATE TABLE lab.readings (id bigint PRIMARY KEY, sensor text NOT NULL, value double precision,"
                        + " taken timestamptz, note text)",
                "INSERT INTO lab.readings SELECT g, 'sensor-' || (g % 97), g * 0.5,"
                        + " timestamptz '2026-12-07 05:40:00+00' + g * interval '1 second', repeat('x', g % 50)"
                        + " FROM generate_series(1, " + ROWS + ") g");
    }

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        TestConfig.daemon()
                .h2("pg-cluster-test")
                .with("rehearsal.sources.local.kind", "postgres")
                .filesystemStore(Files.createTempDirectory("rehearsal-pg-cluster-test"))
                .policy("lab", TABLE)
                .with("rehearsal.policies.lab.segments", "8")
                .with("rehearsal.policies.lab.drill-cron", TestConfig.NEVER)
                .with("rehearsal.sandbox.postgres.prefix", "rehearsal_sandbox_")
                .with("rehearsal.cluster.enabled", "true")
                .with("rehearsal.cluster.queue", "rehearsal.partitions.pg-cluster-test")
                .with("rehearsal.cluster.worker-concurrency", "3")
                .with("rehearsal.cluster.heartbeat", "1s")
                .with("rehearsal.cluster.dead-after", "5s")
                .with("spring.rabbitmq.host", "127.0.0.1")
                .token("ci-operator", "operator", OPERATOR)
                .token("ci-admin", "admin", ADMIN)
                .addTo(r);
        // The databases exist once the extensions have run, after the registry is filled: read them then.
        r.add("rehearsal.sources.local.jdbc-url", db::url);
        r.add("rehearsal.sources.local.username", db::user);
        r.add("rehearsal.sources.local.password", db::password);
        r.add("rehearsal.sandbox.postgres.jdbc-url", sandboxDb::url);
        r.add("rehearsal.sandbox.postgres.username", sandboxDb::user);
        r.add("rehearsal.sandbox.postgres.password", sandboxDb::password);
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    @Test
    void aBackupADrillAndARestoreOfAPostgresTableRunAsPartitionsOnTheWorkers() throws Exception {
        api.await("/api/v1/tables/local/" + TABLE, ADMIN, t -> t.has("table"), Duration.ofMinutes(1));
        Api.Response started = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", TABLE));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode list = api.await("/api/v1/backups?source=local&table=" + TABLE, ADMIN, x -> x.size() > 0,
                Duration.ofMinutes(2));
        assertThat(list.get(0).get("items").asLong()).isEqualTo(ROWS);
        JsonNode detail = api.get("/api/v1/backups/local/" + TABLE + "/" + list.get(0).get("backupId").asString(), ADMIN)
                .json();
        assertThat(detail.get("scanMode").asString()).isEqualTo("postgres-copy-snapshot");
        assertThat(detail.get("partitions")).hasSize(8)
                .allSatisfy(p -> assertThat(p.get("status").asString()).isEqualTo("COMPLETED"));

        Api.Response drill = api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", TABLE));
        assertThat(drill.status()).as(drill.body()).isEqualTo(202);
        JsonNode done = api.await("/api/v1/drills/" + drill.json().get("drillId").asString(), ADMIN,
                d -> d.has("status") && !d.get("status").asString().equals("RUNNING"), Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("PASSED");
        assertThat(partitions("load-object")).as("data objects loaded by workers").isGreaterThanOrEqualTo(8);
        assertThat(partitions("scan-segment")).as("segments of the verification scan").isGreaterThanOrEqualTo(8);

        List<String> original = rows(TABLE);
        String target = "lab.readings_back";
        Api.Response restore = api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", TABLE,
                "targetTable", target));
        assertThat(restore.status()).as(restore.body()).isEqualTo(202);
        JsonNode restored = api.await("/api/v1/restores/" + restore.json().get("restoreId").asString(), ADMIN,
                r -> !r.get("status").asString().equals("RUNNING"), Duration.ofMinutes(2));
        assertThat(restored.get("status").asString()).as(restored.toString()).isEqualTo("SUCCEEDED");
        assertThat(restored.get("items").asLong()).as("progress summed from the workers").isEqualTo(ROWS);
        assertThat(rows(target)).isEqualTo(original);
    }

    private long partitions(String step) {
        return catalog.queryForObject("SELECT COUNT(*) FROM rehearsal_partition WHERE step_name LIKE ?"
                + " AND status = 'COMPLETED'", Long.class, step + ":%");
    }

    /** Every row of a table as PostgreSQL prints the whole row, in key order. */
    private static List<String> rows(String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t ORDER BY t.id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
