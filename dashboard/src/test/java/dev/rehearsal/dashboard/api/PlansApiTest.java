package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * Recovery plans against real servers: the incident's four DynamoDB tables on DynamoDB Local and a
 * PostgreSQL table, in two stages ("dashboards" first, then "processing"), drilled through the API
 * into sandboxes on a second DynamoDB Local and a second PostgreSQL database; then run for real
 * after the test deletes two of the tables "as the script did"; and cancelled mid-stage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlansApiTest {

    @RegisterExtension
    static final PostgresExtension pgSource = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension pgSandbox = new PostgresExtension();

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final String STEM = TestTables.uniqueName("plan");
    static final String CONFIG = STEM + "-service-config";
    static final String FILES = STEM + "-file-metadata";
    static final String DEVICES = STEM + "-device-ids";
    static final String USERS = STEM + "-user-ids";
    static final String BIG = STEM + "-big";
    static final String FIRST = STEM + "-first";
    static final String PG_TABLE = "shop.orders";
    static final String SECRET = "webhook-secret-for-the-test";
    /** A real HTTP server receiving the plan's webhook: every delivery with its headers, in arrival order. */
    static final List<Map<String, String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final com.sun.net.httpserver.HttpServer receiver = receiver();

    static com.sun.net.httpserver.HttpServer receiver() {
        try {
            var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                // The first delivery is answered 500: the retry must bring it anyway.
                int status = calls.incrementAndGet() == 1 ? 500 : 200;
                if (status == 200) {
                    received.add(Map.of("event", exchange.getRequestHeaders().getFirst("X-Rehearsal-Event"),
                            "timestamp", exchange.getRequestHeaders().getFirst("X-Rehearsal-Timestamp"),
                            "signature", exchange.getRequestHeaders().getFirst("X-Rehearsal-Signature"),
                            "body", new String(body, java.nio.charset.StandardCharsets.UTF_8)));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String hmac(String timestamp, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RehearsalJobs jobs;
    @Autowired
    dev.rehearsal.dashboard.catalog.Catalog catalog;
    @Autowired
    dev.rehearsal.dashboard.plans.PlanRuns planRuns;
    @Autowired
    dev.rehearsal.dashboard.coverage.CoverageAudit coverage;
    Api api;

    @BeforeAll
    static void postgresTable() throws Exception {
        try (Connection c = DriverManager.getConnection(pgSource.url(), pgSource.user(), pgSource.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA shop");
            s.execute("CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer text NOT NULL, total numeric(12,2))");
            s.execute("INSERT INTO shop.orders SELECT g, 'customer ' || g, g * 1.25 FROM generate_series(1, 3000) g");
        }
    }

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            for (String t : List.of(CONFIG, FILES, DEVICES, USERS, FIRST)) {
                TestTables.createSimple(c, t);
                TestTables.fill(c, t, 400, 80);
            }
            TestTables.createSimple(c, BIG);
            TestTables.fill(c, BIG, 30_000, 200);
        }
        String plan = "rehearsal.plans.incident.";
        String slow = "rehearsal.plans.slow.";
        TestConfig.daemon()
                .h2("plans-test")
                .source(source)
                .with("rehearsal.sources.local.include[0]", STEM + "-*")
                .filesystemStore(Files.createTempDirectory("rehearsal-plans-test"))
                .policy("main", STEM + "-*")
                .drillsIn(sandbox)
                .with("rehearsal.sources.pg.kind", "postgres")
                .with("rehearsal.sources.pg.jdbc-url", pgSource.url())
                .with("rehearsal.sources.pg.username", pgSource.user())
                .with("rehearsal.sources.pg.password", pgSource.password())
                .with("rehearsal.sources.pg.include[0]", "shop.*")
                .with("rehearsal.policies.pg.source", "pg")
                .with("rehearsal.policies.pg.tables[0]", "shop.*")
                .with("rehearsal.policies.pg.store", TestConfig.STORE)
                .with("rehearsal.policies.pg.backup-cron", TestConfig.NEVER)
                .with("rehearsal.policies.pg.drill-cron", TestConfig.NEVER)
                .with("rehearsal.policies.pg.rto", "10m")
                .with("rehearsal.policies.pg.rpo", "1d")
                .with("rehearsal.sandbox.postgres.jdbc-url", pgSandbox.url())
                .with("rehearsal.sandbox.postgres.username", pgSandbox.user())
                .with("rehearsal.sandbox.postgres.password", pgSandbox.password())
                .with("rehearsal.sandbox.postgres.prefix", "rehearsal_sandbox_")
                .with(plan + "drill-cron", TestConfig.NEVER)
                .with(plan + "notifiers.ops.type", "webhook")
                .with(plan + "notifiers.ops.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .with(plan + "notifiers.ops.secret", SECRET)
                .with(plan + "notifiers.ops.drills", "true")
                .with(plan + "notifiers.ops.interval", "1h")
                .with(plan + "stages[0].name", "dashboards")
                .with(plan + "stages[0].tables[0]", "local/" + CONFIG)
                .with(plan + "stages[0].tables[1]", "local/" + FILES)
                .with(plan + "stages[0].objective", "1h")
                .with(plan + "stages[1].name", "processing")
                .with(plan + "stages[1].tables[0]", "local/*-device-ids")
                .with(plan + "stages[1].tables[1]", "local/" + USERS)
                .with(plan + "stages[1].tables[2]", "pg/" + PG_TABLE)
                .with(plan + "stages[1].objective", "4h")
                .with(plan + "stages[1].concurrency", "2")
                .with(slow + "stages[0].name", "first")
                .with(slow + "stages[0].tables[0]", "local/" + FIRST)
                .with(slow + "stages[0].objective", "10m")
                .with(slow + "stages[1].name", "big")
                .with(slow + "stages[1].tables[0]", "local/" + BIG)
                .with(slow + "stages[1].objective", "1h")
                .with(slow + "stages[2].name", "after")
                .with(slow + "stages[2].tables[0]", "local/" + USERS)
                .with(slow + "stages[2].objective", "2h")
                .token("ci-operator", "operator", OPERATOR)
                .token("ci-admin", "admin", ADMIN)
                .addTo(r);
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    @Test
    @Order(1)
    void aPlanDrillRestoresEveryTableStageByStageVerifiesItMeasuresItAndCleansUp() throws Exception {
        for (String t : List.of(CONFIG, FILES, DEVICES, USERS, FIRST, BIG)) {
            assertThat(jobs.backup("local", t, "test").orElseThrow().getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        }
        assertThat(jobs.backup("pg", PG_TABLE, "test").orElseThrow().getExitStatus().getExitCode()).isEqualTo("COMPLETED");

        JsonNode plan = api.get("/api/v1/plans/incident", OPERATOR).json();
        assertThat(plan.get("stages").get(1).get("tables")).extracting(JsonNode::asString)
                .containsExactly("local/" + DEVICES, "local/" + USERS, "pg/" + PG_TABLE);

        Api.Response started = api.post("/api/v1/plans/incident/drills", OPERATOR, Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        assertThat(started.header("Location")).isEqualTo("/api/v1/plan-runs/" + runId);
        assertThat(api.post("/api/v1/plans/incident/drills", OPERATOR, Map.of()).problem(409))
                .contains("a drill of plan 'incident' runs already");

        List<Api.Event> events = api.events("/api/v1/plan-runs/" + runId + "/events", OPERATOR);
        assertThat(events).isNotEmpty();
        Api.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("finished");
        assertThat(last.data().get("status").asString()).isEqualTo("VERIFIED");
        assertThat(events.subList(0, events.size() - 1)).allMatch(e -> e.name().equals("progress"));

        JsonNode report = api.get("/api/v1/plan-runs/" + runId + "/report", OPERATOR).json();
        assertThat(report.get("outcome").asString()).isEqualTo("VERIFIED");
        JsonNode dashboards = report.get("stages").get(0);
        JsonNode processing = report.get("stages").get(1);
        assertThat(dashboards.get("state").asString()).isEqualTo("RECOVERED");
        assertThat(dashboards.get("objectiveMet").asBoolean()).isTrue();
        // The order, from the recorded times: no table of stage two started before stage one's last table ended.
        Instant firstDone = StreamSupport.stream(dashboards.get("tables").spliterator(), false)
                .map(t -> Instant.parse(t.get("finishedAt").asString())).max(Instant::compareTo).orElseThrow();
        Instant secondStart = StreamSupport.stream(processing.get("tables").spliterator(), false)
                .map(t -> Instant.parse(t.get("startedAt").asString())).min(Instant::compareTo).orElseThrow();
        assertThat(secondStart).isAfterOrEqualTo(firstDone);
        assertThat(processing.get("recoveredAfterSeconds").asDouble())
                .isGreaterThan(dashboards.get("recoveredAfterSeconds").asDouble());
        assertThat(report.get("recoveryTimeSeconds").asDouble()).isEqualTo(processing.get("recoveredAfterSeconds").asDouble());
        List<JsonNode> tables = new ArrayList<>();
        report.get("stages").forEach(s -> s.get("tables").forEach(tables::add));
        assertThat(tables).hasSize(5).allSatisfy(t -> {
            assertThat(t.get("status").asString()).isEqualTo("VERIFIED");
            assertThat(t.get("checks")).extracting(c -> c.get("check").asString())
                    .contains("item-count", "content-digest", "schema");
            assertThat(t.get("checks")).allMatch(c -> c.get("passed").asBoolean());
        });
        assertThat(tables).filteredOn(t -> t.get("table").asString().equals(PG_TABLE)).singleElement()
                .satisfies(t -> assertThat(t.get("items").asLong()).isEqualTo(3000));

        // Each table's drill is a drill of its own in the catalog, tied to the run.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rehearsal_drill WHERE plan_run_id = ? AND outcome = 'PASSED'",
                Integer.class, runId)).isEqualTo(5);
        // Every sandbox is gone.
        try (DynamoDbClient c = sandbox.client()) {
            assertThat(c.listTables().tableNames()).noneMatch(n -> n.startsWith("rehearsal-sandbox-"));
        }
        try (Connection c = DriverManager.getConnection(pgSandbox.url(), pgSandbox.user(), pgSandbox.password());
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rehearsal_sandbox_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        // Metrics, from a parsed scrape.
        Map<String, Double> scrape = scrape();
        assertThat(scrape).containsEntry("rehearsal_plan_drill_last_outcome{plan=\"incident\"}", 1.0)
                .containsEntry("rehearsal_plan_objective_seconds{plan=\"incident\",stage=\"dashboards\"}", 3600.0)
                .containsEntry("rehearsal_plan_objective_seconds{plan=\"incident\",stage=\"processing\"}", 14400.0)
                .containsEntry("rehearsal_plan_recovery_seconds_count{plan=\"incident\",stage=\"processing\"}", 1.0)
                .containsEntry("rehearsal_plan_objective_met{plan=\"incident\",stage=\"processing\"}", 1.0)
                .containsEntry("rehearsal_plan_drill_runs_total{outcome=\"verified\",plan=\"incident\"}", 1.0)
                .containsEntry("rehearsal_plan_drill_last_outcome{plan=\"slow\"}", 0.0);
        assertThat(scrape.get("rehearsal_plan_last_recovery_seconds{plan=\"incident\",stage=\"processing\"}"))
                .isEqualTo(processing.get("recoveredAfterSeconds").asDouble(), org.assertj.core.api.Assertions.within(0.01));

        // The status updates, in order, each signed, the first retried after the receiver's 500. They
        // go out off the recovery's path, after a backoff for the retry: wait for the last one.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.stream().noneMatch(m -> "FINISHED".equals(m.get("event"))) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<String> order = received.stream().map(m -> m.get("event")).filter(e -> !e.equals("PROGRESS")
                && !e.equals("ETA_CHANGED")).toList();
        assertThat(order).containsExactly("STARTED", "STAGE_RECOVERED", "STAGE_RECOVERED", "FINISHED");
        for (Map<String, String> m : received) {
            assertThat(m.get("signature")).isEqualTo(hmac(m.get("timestamp"), m.get("body")));
            JsonNode update = Api.JSON.readTree(m.get("body"));
            assertThat(update.get("runId").asString()).isEqualTo(runId);
            assertThat(update.get("mode").asString()).isEqualTo("DRILL");
        }
        JsonNode finished = Api.JSON.readTree(received.get(received.size() - 1).get("body"));
        assertThat(finished.get("stages")).allMatch(st -> st.get("state").asString().equals("RECOVERED"));
        assertThat(finished.get("tables")).hasSize(5).allMatch(t -> t.get("backupAgeSeconds").asDouble() > 0);
        JsonNode reportNow = api.get("/api/v1/plan-runs/" + runId + "/report", OPERATOR).json();
        List<String> updates = StreamSupport.stream(reportNow.get("timeline").spliterator(), false)
                .filter(e -> e.get("kind").asString().equals("update")).map(e -> e.get("text").asString()).toList();
        assertThat(updates).anyMatch(u -> u.contains("STARTED attempt 1 ") && u.contains("HTTP 500"))
                .anyMatch(u -> u.contains("STARTED attempt 2 delivered (HTTP 200)"))
                .anyMatch(u -> u.contains("FINISHED attempt 1 delivered (HTTP 200)"));

        // Before it, no table had a drill: no forecast, and the report says so. After it, each has one.
        assertThat(report.get("forecast").isNull()).isTrue();
        JsonNode forecast = api.get("/api/v1/plans/incident", OPERATOR).json().get("forecast");
        assertThat(forecast.get("seconds").asDouble()).isPositive();
        assertThat(forecast.get("lowSeconds").asDouble()).isLessThanOrEqualTo(forecast.get("seconds").asDouble());
        assertThat(forecast.get("highSeconds").asDouble()).isGreaterThanOrEqualTo(forecast.get("seconds").asDouble());
        assertThat(forecast.get("words").asString()).startsWith("based on 1 plan drill");
        assertThat(forecast.get("stages").get(1).get("seconds").asDouble())
                .isGreaterThan(forecast.get("stages").get(0).get("seconds").asDouble());
        assertThat(scrape().get("rehearsal_plan_forecast_seconds{plan=\"incident\",stage=\"processing\"}"))
                .isEqualTo(forecast.get("stages").get(1).get("seconds").asDouble(), org.assertj.core.api.Assertions.within(0.01));

        String md = api.get("/api/v1/plan-runs/" + runId + "/report.md", OPERATOR).body();
        assertThat(md).startsWith("# Plan drill incident " + runId + ": VERIFIED").contains("`pg/shop.orders`")
                .contains("| dashboards | RECOVERED, within objective |");
        Api.Response html = api.get("/api/v1/plan-runs/" + runId + "/report.html", OPERATOR);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).contains("<h3>processing</h3>").doesNotContain("<script");
    }

    @Test
    @Order(2)
    void anIncidentRunBringsDeletedTablesBackUnderTheirOwnNamesAndNeverWritesOneThatExists() throws Exception {
        Map<String, Set<Map<String, AttributeValue>>> before = new java.util.HashMap<>();
        try (DynamoDbClient c = source.client()) {
            for (String t : List.of(CONFIG, FILES, DEVICES, USERS)) {
                before.put(t, new HashSet<>(c.scanPaginator(s -> s.tableName(t)).items().stream().toList()));
            }
            // The script: two DynamoDB tables and the PostgreSQL table deleted; two tables are still there.
            c.deleteTable(d -> d.tableName(CONFIG));
            c.deleteTable(d -> d.tableName(DEVICES));
        }
        List<String> orders = rows(pgSource, PG_TABLE);
        try (Connection c = DriverManager.getConnection(pgSource.url(), pgSource.user(), pgSource.password());
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + PG_TABLE);
        }
        coverage.refresh(); // the audit no longer lists them: the plan must still know them by their backups

        Api.Response dry = api.get("/api/v1/plans/incident/incident", ADMIN);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("problems")).as(dry.body()).isEmpty();
        JsonNode stages = dry.json().get("stages");
        JsonNode config = stages.get(0).get("tables").get(0);
        assertThat(config.get("target").asString()).isEqualTo(CONFIG);
        assertThat(config.get("ownName").asBoolean()).isTrue();
        assertThat(config.get("verified").asBoolean()).as("test 1's plan drill verified it").isTrue();
        JsonNode files = stages.get(0).get("tables").get(1);
        assertThat(files.get("ownName").asBoolean()).isFalse();
        assertThat(files.get("target").asString()).startsWith(FILES + "-recovered-");
        JsonNode pg = stages.get(1).get("tables").get(2);
        assertThat(pg.get("target").asString()).isEqualTo(PG_TABLE);
        assertThat(dry.json().get("forecast").get("seconds").asDouble()).isPositive();

        assertThat(api.post("/api/v1/plans/incident/incidents", OPERATOR, Map.of()).problem(403)).contains("admin role");
        Api.Response started = api.post("/api/v1/plans/incident/incidents", ADMIN, Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        List<Api.Event> events = api.events("/api/v1/plan-runs/" + runId + "/events", ADMIN);
        assertThat(events.get(events.size() - 1).data().get("status").asString()).isEqualTo("VERIFIED");
        assertThat(events).filteredOn(e -> e.name().equals("progress") && !e.data().get("etaSeconds").isNull())
                .allSatisfy(e -> assertThat(e.data().get("etaBasis").asString()).contains("forecasts of"));
        // The first update went out with an ETA from the drills' history, before any table had started.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.stream().noneMatch(m -> "FINISHED".equals(m.get("event")) && m.get("body").contains(runId))
                && System.nanoTime() < deadline) {
            Thread.sleep(100); // updates go out off the recovery's path: wait for this run's last one
        }
        JsonNode first = received.stream().map(m -> Api.JSON.readTree(m.get("body")))
                .filter(u -> u.get("runId").asString().equals(runId) && u.get("event").asString().equals("STARTED"))
                .findFirst().orElseThrow();
        assertThat(first.get("mode").asString()).isEqualTo("INCIDENT");
        assertThat(first.get("eta").get("remainingSeconds").asDouble()).isPositive();
        assertThat(first.get("eta").get("lowSeconds").asDouble())
                .isLessThanOrEqualTo(first.get("eta").get("remainingSeconds").asDouble());
        assertThat(first.get("eta").get("basis").asString()).contains("the forecasts of 5 other");
        assertThat(first.get("tables")).allSatisfy(t -> assertThat(t.get("backupAgeSeconds").asDouble()).isPositive());

        try (DynamoDbClient c = source.client()) {
            for (String t : List.of(CONFIG, DEVICES)) {
                assertThat(new HashSet<>(c.scanPaginator(s -> s.tableName(t)).items().stream().toList()))
                        .as("every item of %s is back under its own name", t).isEqualTo(before.get(t));
            }
            for (String t : List.of(FILES, USERS)) {
                assertThat(new HashSet<>(c.scanPaginator(s -> s.tableName(t)).items().stream().toList()))
                        .as("%s, which still existed, is untouched", t).isEqualTo(before.get(t));
                String copy = c.listTables().tableNames().stream().filter(n -> n.startsWith(t + "-recovered-"))
                        .findFirst().orElseThrow();
                assertThat(new HashSet<>(c.scanPaginator(s -> s.tableName(copy)).items().stream().toList()))
                        .as("and restored beside itself as %s", copy).isEqualTo(before.get(t));
            }
        }
        assertThat(rows(pgSource, PG_TABLE)).as("the PostgreSQL table is back, row for row").isEqualTo(orders);

        JsonNode report = api.get("/api/v1/plan-runs/" + runId + "/report", ADMIN).json();
        assertThat(report.get("mode").asString()).isEqualTo("INCIDENT");
        assertThat(report.get("startedBy").asString()).isEqualTo("ci-admin");
        assertThat(report.get("forecast").get("seconds").asDouble()).isPositive();
        assertThat(StreamSupport.stream(report.get("stages").spliterator(), false)
                .flatMap(st -> StreamSupport.stream(st.get("tables").spliterator(), false)))
                .allSatisfy(t -> {
                    assertThat(t.get("status").asString()).isEqualTo("VERIFIED");
                    assertThat(t.get("backupAgeSeconds").asDouble()).isPositive();
                });
        assertThat(api.get("/api/v1/plan-runs/" + runId + "/report.md", ADMIN).body())
                .startsWith("# Recovery incident " + runId + ": VERIFIED");
    }

    private static List<String> rows(PostgresExtension db, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT t::text FROM " + table + " t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    @Order(3)
    void aCancelMidStageLeavesNoHalfLoadedTableAndSkipsTheRest() throws Exception {
        Api.Response dry = api.get("/api/v1/plans/slow/incident?backups=newest", ADMIN);
        assertThat(dry.json().get("problems")).as(dry.body()).isEmpty();
        assertThat(dry.json().get("stages").get(1).get("tables").get(0).get("target").asString())
                .startsWith(BIG + "-recovered-");

        Api.Response started = api.post("/api/v1/plans/slow/incidents", ADMIN, Map.of("backups", "newest"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        api.await("/api/v1/plan-runs/" + runId, ADMIN, run -> StreamSupport.stream(run.path("tables").spliterator(), false)
                .anyMatch(t -> t.get("table").asString().equals("local/" + BIG) && t.get("state").asString().equals("RUNNING")
                        && t.get("items").asLong() > 0), limit());
        Api.Response cancelled = api.delete("/api/v1/plan-runs/" + runId, ADMIN);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        JsonNode end = api.await("/api/v1/plan-runs/" + runId, ADMIN, r -> !r.get("status").asString().equals("RUNNING"),
                limit());
        assertThat(end.get("status").asString()).isEqualTo("CANCELLED");

        JsonNode report = api.get("/api/v1/plan-runs/" + runId + "/report", ADMIN).json();
        assertThat(report.get("cancelledBy").asString()).isEqualTo("ci-admin");
        assertThat(report.get("stages").get(0).get("state").asString()).isEqualTo("RECOVERED");
        JsonNode big = report.get("stages").get(1).get("tables").get(0);
        assertThat(big.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(big.get("disposal").asString()).contains("nothing left");
        assertThat(report.get("stages").get(2).get("tables").get(0).get("status").asString()).isEqualTo("SKIPPED");
        // A new name's {date} is the run's own start, a moment after the dry run's: the report has the names used.
        String firstUsed = report.get("stages").get(0).get("tables").get(0).get("target").asString();
        String bigUsed = big.get("target").asString();
        assertThat(firstUsed).startsWith(FIRST + "-recovered-");
        assertThat(bigUsed).startsWith(BIG + "-recovered-");
        try (DynamoDbClient c = source.client()) {
            List<String> names = c.listTables().tableNames();
            assertThat(names).as("the half-loaded table is gone").doesNotContain(bigUsed)
                    .noneMatch(n -> n.startsWith(BIG + "-recovered-"));
            assertThat(names).as("the verified one of the stage before stays").contains(firstUsed);
        }
        String restoreId = big.get("runId").asString();
        assertThat(api.get("/api/v1/restores/" + restoreId, ADMIN).json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.delete("/api/v1/plan-runs/" + runId, ADMIN).problem(409)).contains("is not running: it cancelled");
        assertThat(api.delete("/api/v1/plan-runs/plan-nope", ADMIN).problem(400)).contains("is not a plan run id");
        assertThat(api.get("/api/v1/plans/nope/incident", ADMIN).problem(404)).contains("unknown plan 'nope'");
        assertThat(api.get("/api/v1/plans/slow/incident?backups=sometimes", ADMIN).problem(400))
                .contains("'backups' must be verified, newest or before");
    }

    @Test
    @Order(4)
    void aRunWhoseProcessDiedIsFoundByItsHeartbeatAndEndedFailedWithItsLockFreed() throws Exception {
        // Targets are named from the template to the second: a second after the last run, this one's
        // new tables are not the last run's, so that the lock is what refuses it.
        Thread.sleep(1_100);
        // What a replica killed with kill -9 leaves: its run RUNNING, its heartbeat old, its lock held.
        Instant dead = Instant.now().minus(Duration.ofMinutes(5));
        catalog.planRunStarted("plan-20261207t000000-dead01", "slow", "INCIDENT", "ci-admin", dead);
        var until = java.sql.Timestamp.from(Instant.now().plus(Duration.ofDays(1)));
        if (jdbc.update("UPDATE shedlock SET lock_until = ?, locked_at = ?, locked_by = ? WHERE name = ?", until,
                java.sql.Timestamp.from(dead), "a dead replica", "plan-incident:slow") == 0) {
            jdbc.update("INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (?,?,?,?)",
                    "plan-incident:slow", until, java.sql.Timestamp.from(dead), "a dead replica");
        }
        assertThat(api.post("/api/v1/plans/slow/incidents", ADMIN, Map.of("backups", "newest")).problem(409))
                .contains("an incident run of plan 'slow' runs already (run plan-20261207t000000-dead01");
        planRuns.heartbeat();
        JsonNode run = api.get("/api/v1/plan-runs/plan-20261207t000000-dead01", ADMIN).json();
        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).startsWith("the daemon running this plan stopped");
        Api.Response again = api.post("/api/v1/plans/slow/incidents", ADMIN, Map.of("backups", "newest"));
        assertThat(again.status()).as("the lock is free again: " + again.body()).isNotEqualTo(409);
        String runId = again.json().get("runId").asString();
        api.delete("/api/v1/plan-runs/" + runId, ADMIN);
        api.await("/api/v1/plan-runs/" + runId, ADMIN, r -> !r.get("status").asString().equals("RUNNING"), limit());
    }

    /** Every sample of the Prometheus scrape, keyed by its name and labels as written. */
    private Map<String, Double> scrape() throws Exception {
        Map<String, Double> out = new java.util.HashMap<>();
        for (String line : api.get("/actuator/prometheus", null).body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    static Duration limit() {
        return Duration.ofMinutes(3);
    }
}
