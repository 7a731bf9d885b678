package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.dashboard.metrics.CoverageMetrics;
import dev.rehearsal.demo.DemoApplication;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every metric the alert rules, the Grafana dashboard and the runbooks name is one the daemon really
 * exports: compared with a scrape of the running demo, taken once every sample table has passed a
 * drill and the coverage audit has run since (so that drill, restore and coverage series carry
 * values). The demo starts once for the class.
 *
 * <p>One name cannot be in any scrape of the demo: DynamoDB Local has no DescribeContinuousBackups,
 * so the daemon cannot tell whether point-in-time recovery is on and leaves
 * {@code rehearsal_table_pitr_enabled} out, as it does on any engine that cannot tell. That name is
 * checked against the daemon's own {@link CoverageMetrics} instead, fed a table whose engine does
 * report it; and it must stay absent from the demo's scrape, so that the exception goes as soon as
 * the demo can show the real thing.
 */
class MetricsAgainstTheDemoTest {

    /** Series Prometheus makes itself for each target; no exporter has them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    /** Names the demo's DynamoDB Local cannot make the daemon export, and why. */
    private static final Map<String, String> NOT_IN_THE_DEMO = Map.of("rehearsal_table_pitr_enabled",
            "DynamoDB Local does not report point-in-time recovery (no DescribeContinuousBackups)");
    private static final Pattern LAST_OUTCOME = gauge("rehearsal_drill_last_outcome");
    private static final Pattern DRILLED_RECENTLY = gauge("rehearsal_table_drilled_recently");
    private static final Pattern RUNBOOK_METRIC = Pattern.compile("\\brehearsal_[a-z0-9_]+");

    private static ConfigurableApplicationContext demo;
    private static Set<String> exported;

    @BeforeAll
    static void scrapeTheDemoOnceEveryTableHasPassedADrill() throws Exception {
        System.setProperty("rehearsal.demo.scale", "0.02");
        Path data = Files.createTempDirectory("rehearsal-helm-demo");
        demo = DemoApplication.start("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:helm-demo;DB_CLOSE_DELAY=-1",
                "--rehearsal.stores.local.path=" + data.resolve("backups"),
                "--rehearsal.coverage-interval=5s");
        URI prometheus = URI.create("http://127.0.0.1:" + demo.getEnvironment().getProperty("local.server.port")
                + "/actuator/prometheus");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        String scrape = "";
        while (!allPassed(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            // The demo's metrics are open by default (rehearsal.security.prometheus-open); its admin token is
            // sent all the same, as a ServiceMonitor with a bearer token would, so that closing them changes nothing here.
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(prometheus)
                    .header("Authorization", "Bearer " + DemoApplication.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", prometheus).isEqualTo(200);
            scrape = response.body();
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "demo-scrape.txt"), scrape);
        assertThat(allPassed(scrape)).as("every demo table passed a drill, and the coverage audit saw it;"
                + " last drill outcomes: %s; drilled recently: %s", values(LAST_OUTCOME, scrape),
                values(DRILLED_RECENTLY, scrape)).isTrue();
        exported = MetricNames.inScrape(scrape);
    }

    @AfterAll
    static void stopTheDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    private static Pattern gauge(String name) {
        return Pattern.compile("^" + name + "\\{source=\"demo\",table=\"([^\"]+)\"} (\\S+)$", Pattern.MULTILINE);
    }

    /** A gauge's value per demo table. */
    private static Map<String, String> values(Pattern gauge, String scrape) {
        Map<String, String> values = new TreeMap<>();
        Matcher m = gauge.matcher(scrape);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    private static boolean allPassed(String scrape) {
        Map<String, String> outcomes = values(LAST_OUTCOME, scrape);
        return !outcomes.isEmpty() && outcomes.values().stream().allMatch("1.0"::equals)
                && values(DRILLED_RECENTLY, scrape).equals(outcomes);
    }

    @Test
    void whatTheDemoCannotExportIsAbsentFromItsScrapeAndExportedByTheDaemonsCoverageMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CoverageMetrics(registry).update(List.of(new TableStatus("prod", "orders", TableStatus.Coverage.COVERED,
                "critical", TableStatus.Level.GREEN, List.of(), null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, true, 60.0, "newest drill", true, 30.0, 120.0, "based on 1 drill", 0.1, 1_000L,
                true, true)));
        Set<String> fromTheDaemonsCode = MetricNames.inScrape(registry.scrape());

        assertThat(exported).doesNotContainAnyElementsOf(NOT_IN_THE_DEMO.keySet());
        assertThat(fromTheDaemonsCode).containsAll(NOT_IN_THE_DEMO.keySet());
    }

    @Test
    void everyMetricOfTheAlertRulesIsExported() {
        Map<String, Set<String>> missing = new TreeMap<>();
        for (AlertRules.Rule rule : AlertRules.rendered()) {
            missing(rule.alert(), MetricNames.inExpression(rule.expr()), missing);
        }
        assertThat(missing).as("metrics the alert rules use that the daemon does not export (by alert)").isEmpty();
    }

    @Test
    void everyMetricOfTheGrafanaDashboardIsExported() throws IOException {
        Object dashboard = new org.yaml.snakeyaml.Yaml().load(
                Files.readString(RenderedChart.CHART.resolve("dashboards/rehearsal.json")));
        Map<String, Set<String>> missing = new TreeMap<>();
        int queries = 0;
        for (Object panel : Tree.list(dashboard, "panels")) {
            for (Object target : Tree.list(panel, "targets")) {
                missing("panel '" + Tree.string(panel, "title") + "'",
                        MetricNames.inExpression(Tree.string(target, "expr")), missing);
                queries++;
            }
        }
        for (Object variable : Tree.list(dashboard, "templating", "list")) {
            if ("query".equals(Tree.at(variable, "type"))) {
                missing("variable $" + Tree.string(variable, "name"),
                        MetricNames.inGrafanaVariable(Tree.string(variable, "query", "query")), missing);
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(10);
        assertThat(missing).as("metrics the Grafana dashboard queries that the daemon does not export (by panel)").isEmpty();
    }

    @Test
    void everyMetricTheRunbooksNameIsExported() throws IOException {
        Map<String, Set<String>> missing = new TreeMap<>();
        try (Stream<Path> files = Files.list(AlertRules.RUNBOOKS)) {
            for (Path runbook : files.sorted().toList()) {
                Set<String> named = new TreeSet<>();
                RUNBOOK_METRIC.matcher(Files.readString(runbook)).results().forEach(r -> named.add(r.group()));
                missing(runbook.getFileName().toString(), named, missing);
            }
        }
        assertThat(missing).as("metrics the runbooks name that the daemon does not export (by runbook)").isEmpty();
    }

    private static void missing(String where, Set<String> names, Map<String, Set<String>> missing) {
        for (String name : names) {
            if (!exported.contains(name) && !MADE_BY_PROMETHEUS.contains(name) && !NOT_IN_THE_DEMO.containsKey(name)) {
                missing.computeIfAbsent(where, w -> new TreeSet<>()).add(name);
            }
        }
    }
}
