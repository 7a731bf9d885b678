package dev.rehearsal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard in a real browser (Debian's headless Chromium through its chromedriver) against the
 * demo: sign in with the printed token, read the overview, a table, a passed drill's report, start
 * a restore and watch it finish, read the audit log, and check what a viewer may not do; then the
 * demo plan: its pages, a plan drill followed live to its report, an admin's dry run of a recovery,
 * and the signed status updates the demo's own webhook received. Every page visited is saved under
 * {@code target/screenshots/} for a person to look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final List<String> TABLES = List.of("service-config", "file-metadata", "device-ids", "user-ids");
    /** The demo's PostgreSQL table, shown and drilled like the DynamoDB ones. */
    private static final String PG_SOURCE = "demo-postgres";
    private static final String PG_TABLE = "shop.orders";
    private static final int ALL_TABLES = TABLES.size() + 1;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** How long the demo may take to back up and drill every table before the test gives up. */
    private static final Duration FIRST_DRILLS = Duration.ofMinutes(4);

    private static final String VIEWER_TOKEN = ApiTokens.generate();
    private static ConfigurableApplicationContext app;
    private static String base;
    private static ChromeDriver browser;
    private static String restoreId;
    private static String cancelledId;
    private static String planRunId;

    @BeforeAll
    static void start() throws Exception {
        // Fail, never skip: ./test.sh installs these (see README, "Build and test").
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").exists();
        Files.createDirectories(SCREENSHOTS);

        System.setProperty("rehearsal.demo.scale", "0.02");
        // The demo's MariaDB part is DemoTest's and DemoMariaDbTest's, on a database of their own: the pages here
        // are checked against the DynamoDB and PostgreSQL tables, and the shared server's default database is left alone.
        System.setProperty("rehearsal.demo.mariadb", "off");
        System.setProperty("rehearsal.security.tokens.sre-viewer.sha256", ApiTokens.sha256(VIEWER_TOKEN));
        System.setProperty("rehearsal.security.tokens.sre-viewer.role", "viewer");
        Path data = Files.createTempDirectory("rehearsal-dashboard-test");
        app = DemoApplication.start("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:dashboard-browser-test;DB_CLOSE_DELAY=-1",
                "--rehearsal.stores.local.path=" + data.resolve("backups"),
                // The test starts the plan's drill itself; a scheduled one at the same time would refuse it.
                "--rehearsal.plans.incident.drill-cron=0 0 0 1 1 *");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        awaitPassedDrills(app.getBean(Catalog.class), app.getBean(CoverageAudit.class));

        // Selenium Manager would try to download a driver or a browser: name both, so it is never asked.
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,900",
                "--user-data-dir=" + Files.createTempDirectory("rehearsal-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("rehearsal.demo.mariadb");
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void signInWithThePrintedTokenShowsEveryTable() {
        browser.manage().deleteAllCookies();
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("01-login");

        browser.findElement(By.id("token")).sendKeys("rh_not-a-token");
        browser.findElement(By.cssSelector("button[type=submit].primary")).click();
        awaitUrl(url -> url.endsWith("/login?error"));
        assertThat(browser.findElement(By.cssSelector(".notice.error")).getText()).contains("was not accepted");
        screenshot("02-login-refused");

        signIn(DemoApplication.adminToken());
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(browser.findElement(By.id("headline")).getText()).startsWith(ALL_TABLES + " tables:");
        for (String table : TABLES) {
            WebElement row = browser.findElement(By.cssSelector("tr[data-table='demo/" + table + "']"));
            assertThat(row.findElement(By.cssSelector("th a")).getText()).isEqualTo(table);
            assertThat(row.getText()).contains("policy sample-tables").contains("passed");
        }
        WebElement pg = browser.findElement(By.cssSelector("tr[data-table='" + PG_SOURCE + "/" + PG_TABLE + "']"));
        assertThat(pg.findElement(By.cssSelector("th a")).getText()).isEqualTo(PG_TABLE);
        assertThat(pg.getText()).contains("policy sample-postgres").contains("passed");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("demo-admin").contains("admin");
        screenshot("03-overview");
    }

    @Test
    @Order(2)
    void tablePageShowsBackupsDrillsAndCharts() {
        signIn(DemoApplication.adminToken());
        browser.findElement(By.linkText("user-ids")).click();
        awaitUrl(url -> url.endsWith("/tables/demo/user-ids"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/tables/demo/user-ids");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("user-ids");
        assertThat(browser.findElements(By.cssSelector("#main table.grid")).get(0).getText()).contains("PASSED");
        assertThat(browser.findElements(By.cssSelector("#main table.grid")).get(1).getText()).contains("local");
        // Both charts were drawn by Chart.js from the data the page carries.
        assertThat(browser.executeScript("return Chart.getChart('rto-chart').data.datasets[0].data.length"))
                .isEqualTo(Long.valueOf(passedDrills("user-ids")));
        assertThat(browser.executeScript("return Chart.getChart('rto-chart').data.datasets[1].data.map(p => p.y)"))
                .as("the objective line, at the policy's RTO of 5 min").isEqualTo(List.of(300L, 300L));
        assertThat(browser.executeScript("return Chart.getChart('throughput-chart').data.datasets[0].data[0].y"))
                .isInstanceOf(Number.class);
        assertThat(browser.findElement(By.id("restore-this")).isDisplayed()).isTrue();
        screenshot("04-table");
    }

    @Test
    @Order(3)
    void aPassedDrillsReportShowsChecksTimelineAndDownloads() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/tables/demo/file-metadata");
        browser.findElement(By.cssSelector("#main table.grid tbody tr td a")).click();
        awaitUrl(url -> url.contains("/drills/"));
        assertThat(browser.getCurrentUrl()).contains("/drills/");
        String drillId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("PASSED");
        List<WebElement> checks = browser.findElements(By.cssSelector("table.checks tbody tr"));
        assertThat(checks).isNotEmpty();
        assertThat(checks).allSatisfy(c -> assertThat(c.findElement(By.cssSelector(".badge")).getText()).isEqualTo("PASS"));
        assertThat(browser.findElement(By.cssSelector("tr[data-check='item-count']")).getText()).contains("items");
        assertThat(browser.findElements(By.cssSelector(".timeline-bars rect"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Backup used").contains("data-load");
        screenshot("05-drill-report");

        // The downloads answer under the session: the Markdown report names the drill and its outcome.
        Object markdown = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector('.downloads a[href$=\"report.md\"]').href).then(r => r.text()).then(done);");
        assertThat(markdown.toString()).startsWith("# Drill " + drillId + ": PASSED");
        Object json = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector('.downloads a[href$=\"report.json\"]').href).then(r => r.json()).then(done);");
        assertThat(json.toString()).contains("itemsPerSecond").contains(drillId);
        browser.findElement(By.linkText("standalone HTML")).click();
        awaitUrl(url -> url.endsWith("report.html"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Drill " + drillId + ": PASSED");
        screenshot("06-drill-report-standalone");
    }

    @Test
    @Order(4)
    void anOperatorStartsARestoreAndWatchesItFinish() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/tables/demo/device-ids");
        browser.findElement(By.id("restore-this")).click();
        awaitUrl(url -> url.contains("/restores/new"));
        assertThat(new Select(browser.findElement(By.id("table"))).getFirstSelectedOption().getText())
                .isEqualTo("device-ids (demo)");
        WebElement newest = browser.findElement(By.id("backup-0"));
        assertThat(newest.isSelected()).isTrue();
        String newestBackup = app.getBean(Catalog.class).newestBackup("demo", "device-ids").orElseThrow().backupId();
        assertThat(newest.getAttribute("value")).isEqualTo(newestBackup);
        screenshot("07-restore-new");

        browser.findElement(By.id("start-restore")).click();
        awaitRestorePage();
        assertThat(browser.getCurrentUrl()).matches(base + "/restores/[a-z0-9-]+");
        restoreId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        screenshot("08-restore-started");
        String status = browser.findElement(By.id("status")).getText();
        if (status.equals("RUNNING")) {
            assertThat(browser.findElements(By.id("cancel"))).as("an operator can cancel a running restore").hasSize(1);
        }
        awaitRestoreEnd();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.id("progress")).getAttribute("value")).isEqualTo("100");
        assertThat(browser.findElement(By.id("items")).getText()).isEqualTo(browser.findElement(By.id("total")).getText());
        assertThat(browser.findElement(By.id("target")).getText()).startsWith("rehearsal-sandbox-");
        assertThat(browser.findElements(By.id("cancel"))).as("a finished restore has nothing to cancel").isEmpty();
        screenshot("09-restore-finished");

        browser.findElement(By.linkText("Restores")).click();
        awaitUrl(url -> url.endsWith("/restores"));
        assertThat(browser.findElement(By.cssSelector("#main table.grid")).getText()).contains(restoreId).contains("SUCCEEDED");
        screenshot("10-restores");
    }

    @Test
    @Order(5)
    void anOperatorCancelsARunningRestore() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/restores/new?table=demo/user-ids");
        browser.findElement(By.id("start-restore")).click();
        awaitRestorePage();
        cancelledId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        // The largest sample table takes seconds to restore; the page is back long before that.
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("RUNNING");
        browser.findElement(By.id("cancel")).click();
        // The page the cancel redirects to carries the notice; wait for it rather than read the page being left.
        WebElement notice = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElements(By.cssSelector("div.notice[role=status]")).stream().findFirst().orElse(null));
        assertThat(notice.getText()).startsWith("Cancelling");
        awaitRestoreEnd();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("CANCELLED");
        assertThat(browser.findElements(By.id("cancel"))).isEmpty();
        screenshot("11-restore-cancelled");
    }

    @Test
    @Order(6)
    void theAuditLogShowsSignInsAndTheRestore() {
        signIn(DemoApplication.adminToken());
        browser.findElement(By.linkText("Audit log")).click();
        awaitUrl(url -> url.endsWith("/audit"));
        String log = browser.findElement(By.cssSelector("#main table.grid")).getText();
        assertThat(log).contains("dashboard.login").contains("restore.start").contains("202 started " + restoreId)
                .contains("restore.cancel").contains(cancelledId).contains("401 refused");
        screenshot("12-audit");
    }

    @Test
    @Order(7)
    void unknownThingsGetA404PageInTheLayout() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/tables/demo/no-such-table");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("has no table 'no-such-table'");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("demo-admin");
        screenshot("13-not-found");
        browser.get(base + "/no/such/page");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
    }

    @Test
    @Order(8)
    void aViewerReadsButSeesNoRestoreControls() {
        signIn(DemoApplication.adminToken());
        browser.findElement(By.cssSelector(".who button")).click();
        awaitUrl(url -> url.endsWith("/login?logout"));
        assertThat(browser.getCurrentUrl()).endsWith("/login?logout");
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).as("signed out means signed out").endsWith("/login");

        signIn(VIEWER_TOKEN);
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("sre-viewer").contains("viewer");
        assertThat(browser.findElements(By.linkText("Audit log"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("tr[data-table]"))).hasSize(ALL_TABLES);
        browser.get(base + "/tables/demo/device-ids");
        assertThat(browser.findElements(By.id("restore-this"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("button.drill-this"))).as("no drill buttons for a viewer").isEmpty();
        screenshot("14-viewer-table");
        browser.get(base + "/restores");
        assertThat(browser.findElements(By.id("new-restore"))).isEmpty();
        browser.get(base + "/restores/" + restoreId);
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("SUCCEEDED");
        assertThat(browser.findElements(By.id("cancel-form"))).isEmpty();

        browser.get(base + "/restores/new");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("needs the operator role");
        screenshot("15-viewer-forbidden");
        browser.get(base + "/audit");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("needs the auditor role");
    }

    @Test
    @Order(9)
    void theApiStaysBearerOnlyWhateverTheSession() throws Exception {
        signIn(VIEWER_TOKEN);
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tables"))
                .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(401);
        assertThat(withCookie.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(withCookie.headers().firstValue("Set-Cookie")).as("the API never starts a session").isEmpty();
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tables"))
                .header("Authorization", "Bearer " + VIEWER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.headers().firstValue("Set-Cookie")).isEmpty();
        // A dashboard form posted without its CSRF token is refused, even with a valid session.
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/restores/" + restoreId + "/cancel"))
                .header("Cookie", "JSESSIONID=" + session.getValue()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(10)
    void anOperatorDrillsAChosenBackupFromTheTablePage() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/tables/demo/service-config");
        List<WebElement> buttons = browser.findElements(By.cssSelector("button.drill-this"));
        assertThat(buttons).as("one per backup").isNotEmpty();
        WebElement oldest = buttons.get(buttons.size() - 1);
        String backupId = oldest.findElement(By.xpath("./../input[@name='backupId']")).getDomAttribute("value");
        oldest.click();
        // The drill's POST redirects back to this page's address: wait for the notice it carries.
        String notice = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElements(By.cssSelector(".notice")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith("Drill ")).findFirst().orElse(null));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/tables/demo/service-config");
        assertThat(notice).contains("of backup " + backupId + " started");
        String drillId = notice.replaceAll("^Drill (\\S+) .*$", "$1");
        screenshot("16-drill-this-backup");
        Catalog catalog = app.getBean(Catalog.class);
        new WebDriverWait(browser, Duration.ofMinutes(2), Duration.ofMillis(500))
                .until(b -> catalog.drill(drillId).isPresent());
        assertThat(catalog.drill(drillId).orElseThrow().backupId()).as("the chosen backup was drilled").isEqualTo(backupId);
        assertThat(catalog.drill(drillId).orElseThrow().outcome()).isEqualTo("PASSED");
    }

    @Test
    @Order(11)
    void thePlansPageShowsTheDemoPlanStageByStage() {
        signIn(DemoApplication.adminToken());
        browser.findElement(By.linkText("Plans")).click();
        awaitUrl(url -> url.endsWith("/plans"));
        WebElement plan = browser.findElement(By.cssSelector("section[data-plan='incident']"));
        List<WebElement> stages = plan.findElements(By.cssSelector("tr[data-stage]"));
        assertThat(stages).extracting(e -> e.getDomAttribute("data-stage")).containsExactly("dashboards", "processing");
        assertThat(stages.get(0).getText()).contains("5 min").contains("demo/service-config").contains("demo/file-metadata");
        assertThat(stages.get(1).getText()).contains("15 min").contains("demo/device-ids").contains("demo/user-ids")
                .contains(PG_SOURCE + "/" + PG_TABLE);
        assertThat(plan.findElement(By.cssSelector(".last-drill")).getText()).contains("none yet");
        screenshot("17-plans");
    }

    @Test
    @Order(12)
    void anOperatorDrillsThePlanAndWatchesItLiveToItsReport() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/plans/incident");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("demo-hook")
                .contains("webhook to 127.0.0.1");
        screenshot("18-plan");
        browser.findElement(By.id("drill-plan")).click();
        awaitUrl(url -> url.matches(".*/plan-runs/plan-[a-z0-9-]+$"));
        planRunId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        // A mark on this page's window: still there at the end means the end was shown in place, not by a reload.
        browser.executeScript("window.rehearsalTestMark = 'same page';");
        assertThat(browser.findElements(By.cssSelector("li.stage"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("li.plan-table"))).hasSize(ALL_TABLES);
        assertThat(browser.findElements(By.id("cancel"))).as("an operator may cancel a running drill").hasSize(1);
        screenshot("19-plan-run-live");
        new WebDriverWait(browser, Duration.ofMinutes(3), Duration.ofMillis(250))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> "false".equals(b.findElement(By.id("main")).getDomAttribute("data-running")));
        assertThat(browser.executeScript("return window.rehearsalTestMark")).isEqualTo("same page");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("VERIFIED");
        assertThat(browser.findElements(By.cssSelector(".stage-state"))).extracting(WebElement::getText)
                .containsExactly("RECOVERED", "RECOVERED");
        assertThat(browser.findElements(By.cssSelector(".table-state"))).extracting(WebElement::getText)
                .hasSize(ALL_TABLES).allMatch("VERIFIED"::equals);
        assertThat(browser.findElements(By.cssSelector(".stage-when"))).extracting(WebElement::getText)
                .allMatch(t -> t.startsWith("back after ") && t.endsWith("within it"));
        assertThat(browser.findElement(By.id("recovery")).getText()).isNotEqualTo("–");
        assertThat(browser.findElements(By.id("cancel"))).isEmpty();
        assertThat(browser.findElement(By.id("report-links")).isDisplayed()).isTrue();
        screenshot("20-plan-run-finished");

        browser.findElement(By.id("report-html")).click();
        awaitUrl(url -> url.endsWith("/report.html"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(planRunId).endsWith("VERIFIED");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("dashboards").contains("processing");
        screenshot("21-plan-report");
    }

    @Test
    @Order(13)
    void anAdminDryRunsARecoveryAndSeesEveryTablesBackupAndTarget() {
        signIn(DemoApplication.adminToken());
        browser.get(base + "/plans/incident");
        assertThat(browser.findElement(By.id("backups-verified")).isSelected()).isTrue();
        browser.findElement(By.id("dry-run")).click();
        awaitUrl(url -> url.contains("/plans/incident/incident"));
        List<WebElement> rows = browser.findElements(By.cssSelector("table.dry-run tbody tr[data-table]"));
        assertThat(rows).hasSize(ALL_TABLES);
        for (String table : TABLES) {
            WebElement row = browser.findElement(By.cssSelector("tr[data-table='demo/" + table + "']"));
            assertThat(row.findElement(By.cssSelector(".badge.verified")).getText()).as("badges are upper case").isEqualTo("VERIFIED");
            assertThat(row.findElement(By.cssSelector("code.target")).getText()).startsWith(table + "-recovered-");
            assertThat(row.getText()).contains("a new table (the table still exists)").contains(" old");
            assertThat(row.findElements(By.cssSelector(".problem-text"))).isEmpty();
        }
        assertThat(browser.findElement(By.id("summary")).getText()).contains("the newest verified backup of each table");
        screenshot("22-plan-dry-run");

        browser.findElement(By.id("backups-before")).click();
        browser.findElement(By.id("before")).sendKeys("2000-01-01T00:00:00Z");
        browser.findElement(By.id("dry-run")).click();
        awaitUrl(url -> url.contains("before=2000"));
        assertThat(browser.findElement(By.id("problems")).getText()).contains("no committed backup taken before 2000-01-01");
        assertThat(browser.findElements(By.cssSelector("tr.problem"))).hasSize(ALL_TABLES);
        assertThat(browser.findElements(By.id("start-recovery"))).as("nothing to start").isEmpty();
        screenshot("23-plan-dry-run-problems");
    }

    @Test
    @Order(14)
    void aViewerSeesThePlanButNoDrillOrRecoveryAndIsRefusedTheDrill() {
        signIn(VIEWER_TOKEN);
        browser.get(base + "/plans/incident");
        assertThat(browser.findElement(By.cssSelector("table.runs")).getText()).contains(planRunId);
        assertThat(browser.findElements(By.id("drill-plan"))).isEmpty();
        assertThat(browser.findElements(By.id("dry-run"))).isEmpty();
        assertThat(browser.findElements(By.id("incident"))).isEmpty();
        browser.get(base + "/plan-runs/" + planRunId);
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("VERIFIED");
        assertThat(browser.findElements(By.id("cancel"))).isEmpty();
        // The form a viewer is not shown, posted anyway with the session's CSRF token.
        browser.get(base + "/plans/incident");
        browser.executeScript("var f = document.createElement('form'); f.method = 'post';"
                + "f.action = '/plans/incident/drills'; var t = document.createElement('input'); t.type = 'hidden';"
                + "t.name = '_csrf'; t.value = document.querySelector('input[name=_csrf]').value; f.appendChild(t);"
                + "document.body.appendChild(f); f.submit();");
        awaitUrl(url -> url.endsWith("/plans/incident/drills"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("needs the operator role");
        screenshot("24-viewer-plan-drill-forbidden");
        browser.get(base + "/plans/incident/incident");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("needs the admin role");
    }

    @Test
    @Order(15)
    void theDemosReceiverListsTheSignedUpdatesOfThePlanDrill() throws Exception {
        signIn(VIEWER_TOKEN);
        browser.findElement(By.linkText("Demo updates")).click();
        awaitUrl(url -> url.endsWith("/demo/updates"));
        // FINISHED goes out after the run is recorded, from the announcer's own thread.
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofSeconds(1)).until(b -> {
            if (!b.findElements(By.cssSelector("tr[data-event='FINISHED']")).isEmpty()) {
                return true;
            }
            b.navigate().refresh();
            return false;
        });
        List<WebElement> rows = browser.findElements(By.cssSelector("table.updates tbody tr"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-event")).contains("STARTED", "STAGE_RECOVERED", "FINISHED");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.getDomAttribute("data-valid")).isEqualTo("true");
            assertThat(r.findElement(By.cssSelector(".badge.signature")).getText()).isEqualTo("VALID");
            assertThat(r.getText()).contains(planRunId);
        });
        WebElement finished = browser.findElement(By.cssSelector("tr[data-event='FINISHED']"));
        assertThat(finished.getText()).contains("Plan drill of plan incident: 2 of 2 stages back");
        screenshot("25-demo-updates");

        // The receiver refuses what is not signed with the demo's secret, and says so on the page.
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/demo/webhook")).header("Content-Type", "application/json")
                .header("X-Rehearsal-Timestamp", Long.toString(System.currentTimeMillis() / 1000))
                .header("X-Rehearsal-Signature", "sha256=" + "0".repeat(64)).header("X-Rehearsal-Event", "FINISHED")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schemaVersion\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.cssSelector("table.updates tbody tr")).getText()).contains("REFUSED")
                .contains("the signature does not match");
    }

    private static void signIn(String token) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/login");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("button[type=submit].primary")).click();
        awaitUrl(url -> !url.endsWith("/login"));
        assertThat(browser.findElements(By.cssSelector(".notice.error"))).as("signed in").isEmpty();
    }

    /** Waits until a click's navigation has landed (a click returns before the next page is there). */
    private static void awaitUrl(java.util.function.Predicate<String> landed) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100)).until(b -> landed.test(b.getCurrentUrl()));
    }

    /** Waits until the form's POST has been answered with the new restore's page (a click returns before that). */
    private static void awaitRestorePage() {
        awaitUrl(url -> url.matches(".*/restores/[a-z0-9-]{6,40}$"));
    }

    /** Waits until the restore page shows that the restore has ended. */
    private static void awaitRestoreEnd() {
        // The script marks the page data-running=false last, once it has shown the final state in place.
        new WebDriverWait(browser, Duration.ofMinutes(3), Duration.ofMillis(500))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> "false".equals(b.findElement(By.id("main")).getDomAttribute("data-running")));
    }

    private static long passedDrills(String table) {
        return app.getBean(Catalog.class).drills("demo", table, "PASSED", 50).size();
    }

    /** Waits, within a bound, for the demo's first backup and passed drill of every table. */
    private static void awaitPassedDrills(Catalog catalog, CoverageAudit coverage) throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_DRILLS.toNanos();
        while (System.nanoTime() < deadline && !(coverage.tables().size() == ALL_TABLES
                && TABLES.stream().allMatch(t -> !catalog.drills("demo", t, "PASSED", 1).isEmpty())
                && !catalog.drills(PG_SOURCE, PG_TABLE, "PASSED", 1).isEmpty())) {
            Thread.sleep(500);
        }
        for (String table : TABLES) {
            assertThat(catalog.drills("demo", table, "PASSED", 1)).as("a passed drill of " + table).isNotEmpty();
        }
        assertThat(catalog.drills(PG_SOURCE, PG_TABLE, "PASSED", 1)).as("a passed drill of " + PG_TABLE).isNotEmpty();
        assertThat(coverage.tables()).hasSize(ALL_TABLES);
    }

    /** The whole page, not only the window: Chromium's own capture beyond the viewport. */
    @SuppressWarnings("unchecked")
    private static void screenshot(String name) {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get("width")).doubleValue(), "height", ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
