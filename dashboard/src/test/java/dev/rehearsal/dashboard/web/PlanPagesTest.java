package dev.rehearsal.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The plan pages over plain HTTP with a session, against the real daemon: a two-stage plan of two
 * small DynamoDB Local tables, drilled into a sandbox on a second DynamoDB Local from its page,
 * followed on the run page's event stream to its end, with its reports under the session; the
 * incident dry run and a recovery started from the page; and who may do what: a viewer reads,
 * an operator drills, only an admin sees and runs the incident part.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanPagesTest {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String ADMIN = ApiTokens.generate();
    static final String OPERATOR = ApiTokens.generate();
    static final String VIEWER = ApiTokens.generate();
    static final String STEM = TestTables.uniqueName("plan-pages");
    static final String SETTINGS = STEM + "-settings";
    static final String EVENTS = STEM + "-events";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern RUN = Pattern.compile("/plan-runs/(plan-[a-z0-9-]+)$");
    static String drillRunId;
    static String recoveryRunId;

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RehearsalJobs jobs;
    String base;
    HttpClient http;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            for (String t : List.of(SETTINGS, EVENTS)) {
                TestTables.createSimple(c, t);
                TestTables.fill(c, t, 300, 60);
            }
        }
        String plan = "rehearsal.plans.outage.";
        TestConfig.daemon()
                .h2("plan-pages-test")
                .source(source)
                .with("rehearsal.sources.local.include[0]", STEM + "-*")
                .filesystemStore(Files.createTempDirectory("rehearsal-plan-pages-test"))
                .policy("main", STEM + "-*")
                .drillsIn(sandbox)
                .with(plan + "drill-cron", TestConfig.NEVER)
                .with(plan + "stages[0].name", "front")
                .with(plan + "stages[0].tables[0]", "local/" + SETTINGS)
                .with(plan + "stages[0].objective", "10m")
                .with(plan + "stages[1].name", "back")
                .with(plan + "stages[1].tables[0]", "local/*-events")
                .with(plan + "stages[1].objective", "1h")
                .token("pages-admin", "admin", ADMIN)
                .token("pages-operator", "operator", OPERATOR)
                .token("pages-viewer", "viewer", VIEWER)
                .addTo(r);
    }

    @BeforeEach
    void client() {
        base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    @Order(1)
    void aViewerReadsThePlansButMayNeitherDrillNorRecover() throws Exception {
        signIn(VIEWER);
        String plans = get("/plans").body();
        assertThat(plans).contains("href=\"/plans\" aria-current=\"page\"").contains("data-plan=\"outage\"")
                .contains("1. front").contains("2. back").contains("10 min").contains("1 h")
                .contains("local/" + SETTINGS).contains("local/" + EVENTS).contains("Last drill:").contains("none yet");
        String plan = get("/plans/outage").body();
        assertThat(plan).contains("Plan <span>outage</span>").contains("No run of this plan yet")
                .doesNotContain("id=\"drill-plan\"").doesNotContain("In an incident");

        HttpResponse<String> drill = post("/plans/outage/drills", "_csrf=" + csrf("/plans/outage"));
        assertThat(drill.statusCode()).isEqualTo(403);
        assertThat(drill.body()).contains("This needs the operator role; you are signed in as pages-viewer");
        HttpResponse<String> dry = get("/plans/outage/incident");
        assertThat(dry.statusCode()).isEqualTo(403);
        assertThat(dry.body()).contains("This needs the admin role");
        HttpResponse<String> recover = post("/plans/outage/incidents", "backups=verified&_csrf=" + csrf("/plans"));
        assertThat(recover.statusCode()).isEqualTo(403);
        assertThat(recover.body()).contains("This needs the admin role");

        HttpResponse<String> unknown = get("/plans/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no plan &#39;nope&#39;. Configured plans: outage.");
        assertThat(get("/plan-runs/plan-nope").statusCode()).isEqualTo(404);
        assertThat(get("/plan-runs/plan-20260101t000000-abcdef").body()).contains("There is no plan run");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_plan_run", Long.class)).as("nothing started")
                .isZero();
    }

    @Test
    @Order(2)
    void anOperatorDrillsThePlanFromItsPageAndFollowsItToItsReport() throws Exception {
        for (String t : List.of(SETTINGS, EVENTS)) {
            assertThat(jobs.backup("local", t, "test").orElseThrow().getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        }
        signIn(OPERATOR);
        String plan = get("/plans/outage").body();
        assertThat(plan).contains("id=\"drill-plan\"").doesNotContain("In an incident");

        HttpResponse<String> started = post("/plans/outage/drills", "_csrf=" + csrf("/plans/outage"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        drillRunId = runId(started);
        String page = get("/plan-runs/" + drillRunId).body();
        assertThat(page).contains("Plan drill</span> of <span>outage</span>").contains("data-stage=\"front\"")
                .contains("data-table=\"local/" + SETTINGS + "\"").contains("objective").contains("/js/plan-run.js");

        // The page's stream, under the session: snapshots each second, then the end.
        String events = get("/plan-runs/" + drillRunId + "/events", "text/event-stream").body();
        assertThat(events).contains("event:progress").contains("event:finished").contains("\"status\":\"VERIFIED\"");

        String ended = get("/plan-runs/" + drillRunId).body();
        assertThat(ended).contains(">VERIFIED<").contains("back after").contains("within it")
                .doesNotContain("id=\"cancel\"").contains("/plan-runs/" + drillRunId + "/report.html");
        HttpResponse<String> html = get("/plan-runs/" + drillRunId + "/report.html");
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(html.body()).contains("<h3>back</h3>").doesNotContain("<script");
        assertThat(get("/plan-runs/" + drillRunId + "/report.md").body())
                .startsWith("# Plan drill outage " + drillRunId + ": VERIFIED");
        assertThat(get("/plan-runs/" + drillRunId + "/report.json").body()).contains("\"outcome\"");
        assertThat(get("/plans").body()).contains("recovery time").contains("/plan-runs/" + drillRunId + "/report.html");

        // Not an operator's: the incident part.
        assertThat(get("/plans/outage/incident").statusCode()).isEqualTo(403);
        assertThat(post("/plans/outage/incidents", "backups=verified&_csrf=" + csrf("/plans")).statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForList("SELECT action || ' ' || outcome FROM rehearsal_audit WHERE actor = 'pages-operator'"
                + " AND action LIKE 'plan-%'", String.class)).containsExactly("plan-drill.start 202 started " + drillRunId);
    }

    @Test
    @Order(3)
    void anAdminDryRunsARecoveryThenStartsItAndFollowsIt() throws Exception {
        signIn(ADMIN);
        String plan = get("/plans/outage").body();
        assertThat(plan).contains("In an incident").contains("id=\"dry-run\"").contains(drillRunId);

        String dry = get("/plans/outage/incident?backups=verified").body();
        assertThat(dry).contains("the newest verified backup of each table").doesNotContain("id=\"problems\"")
                .contains("data-table=\"local/" + SETTINGS + "\"").contains("data-table=\"local/" + EVENTS + "\"")
                .contains(">verified<").contains(SETTINGS + "-recovered-").contains("a new table (the table still exists)")
                .contains("id=\"start-recovery\"");

        String none = get("/plans/outage/incident?backups=before&before=2000-01-01T00:00:00Z").body();
        assertThat(none).contains("id=\"problems\"").contains("class=\"lvl-red-text problem-text\"")
                .contains("no committed backup taken before 2000-01-01T00:00:00Z").doesNotContain("id=\"start-recovery\"")
                .contains("value=\"2000-01-01T00:00:00Z\"");
        HttpResponse<String> badTime = get("/plans/outage/incident?backups=before&before=yesterday");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("is not an ISO-8601 UTC time");
        HttpResponse<String> refused = post("/plans/outage/incidents", "backups=before&before=2000-01-01T00:00:00Z&_csrf="
                + csrf("/plans"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("cannot start; nothing was restored");

        HttpResponse<String> started = post("/plans/outage/incidents", "backups=verified&_csrf=" + csrf("/plans"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        recoveryRunId = runId(started);
        assertThat(get("/plan-runs/" + recoveryRunId).body()).contains("Recovery</span> of <span>outage</span>");
        String events = get("/plan-runs/" + recoveryRunId + "/events", "text/event-stream").body();
        assertThat(events).contains("event:finished").contains("\"status\":\"VERIFIED\"");
        assertThat(get("/plan-runs/" + recoveryRunId + "/report.md").body()).contains(": VERIFIED");
        assertThat(jdbc.queryForList("SELECT action || ' ' || outcome FROM rehearsal_audit WHERE actor = 'pages-admin'"
                + " AND action = 'plan-incident.start' ORDER BY id", String.class))
                .containsExactly("plan-incident.start 409", "plan-incident.start 202 started " + recoveryRunId);
        try (DynamoDbClient c = source.client()) {
            assertThat(c.listTables().tableNames()).anyMatch(n -> n.startsWith(SETTINGS + "-recovered-"));
        }
    }

    @Test
    @Order(4)
    void onlyAnAdminCancelsARecoveryAndAnEndedRunHasNothingToCancel() throws Exception {
        signIn(OPERATOR);
        HttpResponse<String> recovery = post("/plan-runs/" + recoveryRunId + "/cancel", "_csrf=" + csrf("/plans"));
        assertThat(recovery.statusCode()).isEqualTo(403);
        assertThat(recovery.body()).contains("Cancelling a recovery needs the admin role");
        HttpResponse<String> drill = post("/plan-runs/" + drillRunId + "/cancel", "_csrf=" + csrf("/plans"));
        assertThat(drill.statusCode()).isEqualTo(302);
        assertThat(get("/plan-runs/" + drillRunId).body()).contains("The run had already ended: verified.");

        signIn(VIEWER);
        assertThat(post("/plan-runs/" + drillRunId + "/cancel", "_csrf=" + csrf("/plans")).statusCode()).isEqualTo(403);
        String run = get("/plan-runs/" + drillRunId).body();
        assertThat(run).contains(">VERIFIED<").doesNotContain("id=\"cancel\"");
    }

    private static String runId(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        Matcher m = RUN.matcher(location);
        assertThat(m.find()).as(location).isTrue();
        return m.group(1);
    }

    private void signIn(String token) throws Exception {
        http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = post("/login", "token=" + encode(token) + "&_csrf=" + csrf("/login"));
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }

    private String csrf(String path) throws Exception {
        Matcher m = CSRF.matcher(get(path).body());
        assertThat(m.find()).as("a CSRF token on " + path).isTrue();
        return encode(m.group(1));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, "text/html");
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept)
                .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
