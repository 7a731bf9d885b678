package dev.rehearsal.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dashboard's session chain over plain HTTP against the real daemon, on a fresh configuration
 * where nothing has run yet: sign-in with a token and the CSRF token of the form, the empty states
 * (no backup yet, a table no policy covers, no sandbox, no restores), error pages, sign-out, and
 * that a dashboard session opens nothing under {@code /api}. The demo module's browser test covers
 * the pages with data in them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardPagesTest {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final String ADMIN = ApiTokens.generate();
    static final String VIEWER = ApiTokens.generate();
    static final String AUDITOR = ApiTokens.generate();
    static final String TABLE = TestTables.uniqueName("pages");
    static final String ORPHAN = TABLE + "-orphan";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    Environment environment;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    String base;
    HttpClient http;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
            TestTables.createSimple(c, ORPHAN);
        }
        TestConfig.daemon()
                .h2("pages-test")
                .source(source)
                .with("rehearsal.sources.local.include[0]", TABLE + "*")
                .filesystemStore(Files.createTempDirectory("rehearsal-pages-test"))
                .policy("main", TABLE)
                .token("pages-admin", "admin", ADMIN)
                .token("pages-viewer", "viewer", VIEWER)
                .token("pages-auditor", "auditor", AUDITOR)
                .with("rehearsal.policies.main.controls[0]", "SOC2:A1.2")
                .addTo(r);
    }

    @BeforeEach
    void client() {
        base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void signingInNeedsAConfiguredTokenAndTheFormsCsrfToken() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue(base + "/login");

        assertThat(post("/login", "token=" + ADMIN).statusCode()).as("no CSRF token").isEqualTo(403);
        HttpResponse<String> wrong = post("/login", "token=rh_wrong&_csrf=" + csrf("/login"));
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        HttpResponse<String> right = post("/login", "token=" + encode(ADMIN) + "&_csrf=" + csrf("/login"));
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(right.headers().firstValue("Location")).as("back to the page asked for before signing in")
                .hasValue(base + "/?continue");
        assertThat(get("/").statusCode()).isEqualTo(200);

        HttpResponse<String> out = post("/logout", "_csrf=" + csrf("/"));
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(get("/").statusCode()).as("signed out").isEqualTo(302);
    }

    @Test
    void emptyStatesSayWhatToDoNext() throws Exception {
        signIn(ADMIN);
        String overview = get("/").body();
        assertThat(overview).contains("2 tables: 0 verified, 1 failing, 1 not covered")
                .contains("no backup yet").contains("not covered by any policy");
        assertThat(get("/tables/local/" + TABLE).body()).contains("No backup yet.").contains("No drill has run yet.");
        assertThat(get("/tables/local/" + ORPHAN).body()).contains("No policy names this table");
        assertThat(get("/restores").body()).contains("No restores yet");
        assertThat(get("/restores/new").body()).contains("No sandbox is configured");
        assertThat(get("/audit").body()).contains("dashboard.login").contains("pages-admin");
    }

    @Test
    void errorsArePagesInTheLayout() throws Exception {
        signIn(VIEWER);
        HttpResponse<String> missing = get("/tables/local/no-such-table");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("404 Not Found").contains("has no table &#39;no-such-table&#39;").contains("pages-viewer");
        HttpResponse<String> nowhere = get("/no/such/page");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("There is no page at /no/such/page");
        HttpResponse<String> denied = get("/audit");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("This needs the auditor role; you are signed in as pages-viewer with the viewer role.");
        HttpResponse<String> start = post("/restores", "table=local/" + TABLE + "&backupId=x&_csrf=" + csrf("/"));
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(start.body()).contains("needs the operator role");

        String longPath = "/audit/" + "a".repeat(1_500);
        HttpResponse<String> longDenied = get(longPath);
        assertThat(longDenied.statusCode()).as("a refusal with a long path is a 403, never a 500").isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit WHERE outcome = '403 denied' AND actor ="
                + " 'pages-viewer' AND target LIKE '/audit/aaa%…[cut, 1507 chars]'", Long.class)).isEqualTo(1);
        HttpResponse<String> tooLong = get("/tables/local/" + "a".repeat(3_000));
        assertThat(tooLong.statusCode()).isEqualTo(414);
        assertThat(tooLong.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    @Test
    void aRestoreFromTheDashboardGoesThroughTheSameChecksAsTheApisAndIsAudited() throws Exception {
        signIn(ADMIN);
        long restores = jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_restore", Long.class);
        HttpResponse<String> noSandbox = post("/restores", "table=local/" + TABLE + "&backupId=20260101T000000.000Z-00000000"
                + "&_csrf=" + csrf("/"));
        assertThat(noSandbox.statusCode()).isEqualTo(409);
        assertThat(noSandbox.body()).contains("rehearsal.sandbox has no sandbox for the engine of source &#39;local&#39;");
        HttpResponse<String> uncovered = post("/drills", "table=local/" + ORPHAN + "&_csrf=" + csrf("/"));
        assertThat(uncovered.statusCode()).isEqualTo(409);
        assertThat(uncovered.body()).contains("is not covered by any policy");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_restore", Long.class)).as("nothing started")
                .isEqualTo(restores);
        assertThat(jdbc.queryForList("SELECT action || ' ' || outcome FROM rehearsal_audit WHERE actor = 'pages-admin'"
                + " AND action IN ('restore.start', 'drill.start')", String.class))
                .containsExactlyInAnyOrder("restore.start 409", "drill.start 409");
    }

    @Test
    void anAuditorReadsTheCompliancePageAndTheAuditLogAndChangesNothing() throws Exception {
        signIn(AUDITOR);
        HttpResponse<String> page = get("/compliance?from=2026-01-01&to=2026-03-31");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Compliance</h1>").contains("Reports are stored unsigned")
                .contains("local/" + TABLE).contains("SOC2:A1.2").contains(">Compliance</a>").contains(">Audit log</a>");
        HttpResponse<String> export = get("/compliance/export?from=2026-01-01&to=2026-03-31&format=csv");
        assertThat(export.statusCode()).isEqualTo(200);
        dev.rehearsal.drill.evidence.Envelope e = dev.rehearsal.drill.evidence.Envelope.fromJson(export.body());
        assertThat(e.signed()).as("no key is configured here").isFalse();
        assertThat(e.payloadText()).startsWith("kind,name,policy,controls").contains("table,local/" + TABLE + ",main,SOC2:A1.2,");
        assertThat(get("/compliance?from=2026-13-01").statusCode()).isEqualTo(400);
        assertThat(get("/audit").statusCode()).isEqualTo(200);

        HttpResponse<String> start = post("/drills", "table=local/" + TABLE + "&_csrf=" + csrf("/"));
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(start.body()).contains("needs the operator role").contains("pages-auditor with the auditor role");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit WHERE actor = 'pages-auditor' AND role ="
                + " 'auditor' AND outcome = '403 denied' AND target = '/drills'", Long.class)).isEqualTo(1);

        client(); // a new session
        signIn(VIEWER);
        assertThat(get("/compliance").statusCode()).isEqualTo(403);
        assertThat(get("/compliance/export?from=2026-01-01&to=2026-03-31").statusCode()).isEqualTo(403);
    }

    @Test
    void aDashboardSessionOpensNothingUnderTheApi() throws Exception {
        signIn(ADMIN);
        HttpResponse<String> api = get("/api/v1/tables");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tables"))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.headers().allValues("Set-Cookie")).as("the API never starts a session").isEmpty();
    }

    private void signIn(String token) throws Exception {
        HttpResponse<String> r = post("/login", "token=" + encode(token) + "&_csrf=" + csrf("/login"));
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }

    /** The CSRF token in a page's forms (the sign-out form on every page, or the login form). */
    private String csrf(String path) throws Exception {
        Matcher m = CSRF.matcher(get(path).body());
        assertThat(m.find()).as("a CSRF token on " + path).isTrue();
        return encode(m.group(1));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
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
