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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An admin's restore of a PostgreSQL table into a new table of the source's own database, over the
 * API of the real daemon: the source in a PostgreSQL database of its own, a filesystem store, an H2
 * catalog, no sandbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresRestoreApiTest {

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final String TABLE = "shop.orders";
    static final int ROWS = 3_000;

    @Autowired
    Environment environment;
    Api api;

    @BeforeAll
    static void sourceTable() throws Exception {
        sql("CREATE SCHEMA shop", "CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE shop.orders (id int PRIMARY KEY, customer text NOT NULL, mood shop.mood,"
                        + " total numeric(12,2), placed timestamptz)",
                "CREATE INDEX orders_customer ON shop.orders (customer)",
                "INSERT INTO shop.orders SELECT g, 'customer ' || (g % 41), (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::shop.mood,"
                        + " g * 1.25, timestamptz '2026-12-07 05:40:00+00' + g * interval '1 minute'"
                        + " FROM generate_series(1, " + ROWS + ") g");
    }

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        TestConfig.daemon()
                .h2("pg-restore-api-test")
                .with("rehearsal.sources.local.kind", "postgres")
                .filesystemStore(Files.createTempDirectory("rehearsal-pg-restore-api-test"))
                .policy("shop", TABLE)
                .with("rehearsal.coverage-interval", "2s")
                .token("ci-operator", "operator", OPERATOR)
                .token("ci-admin", "admin", ADMIN)
                .addTo(r);
        // The database exists once the extension has run, after the registry is filled: read it then.
        r.add("rehearsal.sources.local.jdbc-url", db::url);
        r.add("rehearsal.sources.local.username", db::user);
        r.add("rehearsal.sources.local.password", db::password);
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    @Test
    void anAdminRestoresAPostgresTableIntoANewTableBesideTheOriginalAndItIsVerified() throws Exception {
        backUp();
        List<String> original = rows(TABLE);
        String target = "shop.orders-recovered-20261207-0540";

        JsonNode done = restore(target);

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("target").asString()).isEqualTo(target);
        assertThat(rows("shop.\"orders-recovered-20261207-0540\"")).isEqualTo(original);
        assertThat(rows(TABLE)).as("the original is untouched").isEqualTo(original);
        assertThat(api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", TABLE, "targetTable", target))
                .problem(409)).contains("exists in source 'local'");
    }

    @Test
    void aRestoreIntoASchemaThatDoesNotExistFailsNamingItAndCreatesNothing() throws Exception {
        backUp();

        JsonNode done = restore("nowhere.orders");

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("schema 'nowhere' does not exist in source 'local'");
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = 'nowhere'")).isZero();
    }

    private void backUp() throws Exception {
        JsonNode table = api.await("/api/v1/tables/local/" + TABLE, ADMIN, t -> t.has("table"), Duration.ofMinutes(1));
        assertThat(table.get("table").asString()).isEqualTo(TABLE);
        if (api.get("/api/v1/backups?source=local&table=" + TABLE, ADMIN).json().size() > 0) {
            return;
        }
        Api.Response started = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", TABLE));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode b = api.await("/api/v1/backups?source=local&table=" + TABLE, ADMIN, x -> x.size() > 0,
                Duration.ofMinutes(2));
        assertThat(b.get(0).get("items").asLong()).isEqualTo(ROWS);
    }

    private JsonNode restore(String target) throws Exception {
        Api.Response started = api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", TABLE,
                "targetTable", target));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return api.await("/api/v1/restores/" + started.json().get("restoreId").asString(), ADMIN,
                r -> !r.get("status").asString().equals("RUNNING"), Duration.ofMinutes(2));
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

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
