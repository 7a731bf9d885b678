package dev.rehearsal.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.openid.OpenIdProvider;
import java.io.File;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Single sign-on for the dashboard in headless Chromium against a real OpenID provider (Spring
 * Authorization Server, {@link OpenIdProvider}): a person signs in on the provider's own login
 * form, the dashboard shows them with the role their groups claim maps to, and signing out ends
 * both the dashboard's session and the provider's. A person whose groups map to no role is
 * refused, and the refusal is audited, as is a sign-in the provider declines. The provider refuses
 * authorization requests without PKCE, so every sign-in that succeeds here used it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SingleSignOnBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final String TABLE = TestTables.uniqueName("sso");
    static final String API_TOKEN = ApiTokens.generate();
    /** Read by the provider at each authorization request, once the daemon listens. */
    static volatile String dashboard;
    static OpenIdProvider provider;

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;
    String base;
    ChromeDriver browser;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
        }
        provider = OpenIdProvider.start(Map.of("olivia", List.of("ops-oncall", "staff"), "nadia", List.of("marketing")),
                () -> dashboard);
        TestConfig.daemon()
                .h2("sso-test")
                .source(source)
                .filesystemStore(Files.createTempDirectory("rehearsal-sso-test"))
                .policy("main", TABLE)
                .token("sso-api", "viewer", API_TOKEN)
                .with("rehearsal.security.oidc.issuer-uri", provider.issuer())
                .with("rehearsal.security.oidc.client-id", OpenIdProvider.CLIENT_ID)
                .with("rehearsal.security.oidc.client-secret", OpenIdProvider.CLIENT_SECRET)
                .with("rehearsal.security.oidc.roles-claim", "groups")
                .with("rehearsal.security.oidc.role-mapping.ops-oncall", "operator")
                .addTo(r);
    }

    @BeforeEach
    void start() throws Exception {
        // Fail, never skip: ./test.sh installs these (see README, "Build and test").
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").exists();
        base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        dashboard = base;
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("rehearsal-sso-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void anOperatorSignsInThroughTheProviderSeesAnOperatorsDashboardAndSignsOutOfBoth() {
        browser.get(base + "/restores");
        awaitUrl(url -> url.equals(base + "/login"));
        signInAtTheProvider("olivia");
        awaitUrl(url -> url.startsWith(base + "/restores"));

        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("olivia").contains("operator");
        assertThat(browser.findElements(By.id("new-restore"))).as("an operator's button").hasSize(1);
        assertThat(browser.findElements(By.linkText("Audit log"))).as("an admin's link").isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit WHERE action = 'dashboard.login'"
                + " AND actor = 'olivia' AND role = 'operator' AND outcome = 'signed in'", Long.class)).isEqualTo(1);
        Object api = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/tables').then(r => done(r.status));");
        assertThat(api).as("the dashboard's session opens nothing under /api").isEqualTo(401L);

        browser.findElement(By.cssSelector(".who button[type=submit]")).click();
        awaitUrl(url -> url.startsWith(base + "/login?logout"));
        assertThat(browser.findElement(By.cssSelector(".notice[role=status]")).getText()).isEqualTo("You are signed out.");
        browser.get(base + "/restores");
        awaitUrl(url -> url.equals(base + "/login"));
        // The provider's session ended too (RP-initiated logout): it asks for the password again.
        browser.findElement(By.id("sso")).click();
        awaitUrl(url -> url.startsWith(provider.issuer() + "/login"));
        assertThat(browser.findElements(By.id("password"))).hasSize(1);
    }

    @Test
    void aPersonWhoseGroupsMapToNoRoleIsRefusedAndTheRefusalIsAudited() {
        browser.get(base + "/");
        awaitUrl(url -> url.equals(base + "/login"));
        signInAtTheProvider("nadia");
        awaitUrl(url -> url.startsWith(base + "/?") || url.equals(base + "/"));

        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("This needs the viewer role; you are signed in as nadia with the none role.");
        assertThat(browser.findElements(By.id("headline"))).as("no overview").isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit WHERE actor = 'nadia'"
                + " AND outcome = '403 denied' AND detail = 'dashboard; needs role viewer'", Long.class)).isPositive();
    }

    @Test
    void theDashboardAsksWithPkceAndTheProviderRefusesWithoutIt() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> ask = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/oidc")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ask.statusCode()).isEqualTo(302);
        assertThat(ask.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .startsWith(provider.issuer() + "/oauth2/authorize?").contains("code_challenge=")
                .contains("code_challenge_method=S256").contains("client_id=" + OpenIdProvider.CLIENT_ID));

        HttpResponse<String> withoutPkce = http.send(HttpRequest.newBuilder(URI.create(provider.issuer()
                + "/oauth2/authorize?response_type=code&scope=openid&client_id=" + OpenIdProvider.CLIENT_ID
                + "&redirect_uri=" + base + "/login/oauth2/code/oidc&state=s")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withoutPkce.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .startsWith(base + "/login/oauth2/code/oidc?").contains("error=invalid_request"));
    }

    @Test
    void aSignInTheProviderRefusesIsAuditedAndTheLoginPageSaysSo() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String authorize = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/oidc")).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
        Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(authorize);
        assertThat(state.find()).as("the authorization request's state, in %s", authorize).isTrue();

        // What the provider sends back when the person declines: an error instead of a code.
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(base + "/login/oauth2/code/oidc"
                + "?error=access_denied&error_description=declined&state=" + state.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?sso-error"));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/login?sso-error")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("Single sign-on did not complete");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit WHERE action = 'dashboard.login'"
                + " AND actor = 'anonymous' AND outcome = '401 refused' AND detail LIKE 'single sign-on: %access_denied%'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void theApiStaysStatelessBesideSingleSignOn() throws Exception {
        HttpResponse<String> tables = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/tables")).header("Authorization", "Bearer " + API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tables.statusCode()).isEqualTo(200);
        assertThat(tables.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/tables")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).as("no redirect to a sign-in page under /api").isEqualTo(401);
        assertThat(none.headers().allValues("Set-Cookie")).isEmpty();
    }

    private void signInAtTheProvider(String user) {
        browser.findElement(By.id("sso")).click();
        awaitUrl(url -> url.startsWith(provider.issuer() + "/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(OpenIdProvider.password(user));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private void awaitUrl(Predicate<String> expected) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> expected.test(d.getCurrentUrl()));
    }
}
