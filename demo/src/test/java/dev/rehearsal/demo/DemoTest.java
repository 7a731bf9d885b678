package dev.rehearsal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's promise: started on its embedded default, the demo has backed up and drilled every
 * sample table within two minutes, and /actuator/prometheus shows passed drills with measured
 * restore durations. (Tables are scaled down so that the test does not wait on seeding.)
 */
class DemoTest {

    private static final List<String> TABLES = List.of("service-config", "file-metadata", "device-ids", "user-ids");

    @Test
    void withinTwoMinutesEveryTableHasAPassedDrillInPrometheus() throws Exception {
        System.setProperty("rehearsal.demo.scale", "0.02");
        Path data = Files.createTempDirectory("rehearsal-demo-test");
        try (ConfigurableApplicationContext app = DemoApplication.start("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:demo-test;DB_CLOSE_DELAY=-1",
                "--rehearsal.stores.local.path=" + data.resolve("backups"))) {
            URI prometheus = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                    + "/actuator/prometheus");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            String scrape = "";
            while (System.nanoTime() < deadline && !allPassed(scrape)) {
                Thread.sleep(1_000);
                scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(prometheus).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            for (String table : TABLES) {
                String labels = "{source=\"demo\",table=\"" + table + "\"}";
                assertThat(scrape).contains("rehearsal_drill_last_outcome" + labels + " 1.0");
                assertThat(scrape).contains("rehearsal_restore_duration_seconds_count" + labels + " 1");
            }
        }
    }

    private static boolean allPassed(String scrape) {
        return TABLES.stream().allMatch(t -> scrape.contains(
                "rehearsal_drill_last_outcome{source=\"demo\",table=\"" + t + "\"} 1.0"));
    }
}
