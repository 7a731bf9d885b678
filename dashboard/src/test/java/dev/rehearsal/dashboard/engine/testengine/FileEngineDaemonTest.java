package dev.rehearsal.dashboard.engine.testengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The daemon, as it is, with the test tree's engine: it starts on a configuration whose only source
 * is {@code kind: testengine}, lists that source's tables, backs one up and drills it in the engine's
 * own sandbox. Nothing of shared code was edited to make this work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FileEngineDaemonTest {

    private static final Path TABLES = tempDir("rehearsal-testengine-tables");
    private static final Path SANDBOX = tempDir("rehearsal-testengine-sandbox");
    private static final String VIEWER_TOKEN = ApiTokens.generate();

    @Autowired
    Engines engines;
    @Autowired
    RehearsalJobs jobs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        Files.write(TABLES.resolve("orders.jsonl"), IntStream.range(0, 250)
                .mapToObj(i -> "{\"id\":\"o-" + i + "\",\"total\":" + (i * 7) + "}").toList());
        Files.write(TABLES.resolve("customers.jsonl"), List.of("{\"id\":\"c-1\",\"name\":\"Ada\"}"));
        Path store = tempDir("rehearsal-testengine-store");
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spring.datasource.url", "jdbc:h2:mem:testengine-daemon;DB_CLOSE_DELAY=-1");
        c.put("rehearsal.sources.files.kind", "testengine");
        c.put("rehearsal.sources.files.directory", TABLES.toString());
        c.put("rehearsal.sources.files.exclude[0]", "customers");
        c.put("rehearsal.stores.disk.type", "filesystem");
        c.put("rehearsal.stores.disk.path", store.toString());
        c.put("rehearsal.policies.main.source", "files");
        c.put("rehearsal.policies.main.tables[0]", "orders");
        c.put("rehearsal.policies.main.store", "disk");
        c.put("rehearsal.policies.main.backup-cron", "0 0 0 1 1 *");
        c.put("rehearsal.policies.main.drill-cron", "0 0 0 1 1 *");
        c.put("rehearsal.policies.main.rto", "10m");
        c.put("rehearsal.policies.main.rpo", "1d");
        c.put("rehearsal.sandbox.testengine.directory", SANDBOX.toString());
        c.put("rehearsal.security.tokens.viewer.sha256", ApiTokens.sha256(VIEWER_TOKEN));
        c.put("rehearsal.security.tokens.viewer.role", "viewer");
        c.forEach((k, v) -> r.add(k, () -> v));
    }

    @Test
    void theDaemonListsTheTablesOfTheTestEngineAndServesThem() throws Exception {
        assertThat(engines.listTables(new LinkedHashMap<>())).isEqualTo(Map.of("files", List.of("customers", "orders")));
        assertThat(engines.sandboxes()).containsOnlyKeys("testengine");

        assertThat(get("/api/v1/tables?source=files")).contains("\"table\":\"orders\"", "\"table\":\"customers\"");
    }

    @Test
    void aTableOfTheTestEngineIsBackedUpAndDrilledInItsOwnSandbox() throws Exception {
        JobExecution backup = jobs.backup("files", "orders", "test").orElseThrow();
        assertThat(backup.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        JobExecution drill = jobs.drill("files", "orders", "test").orElseThrow();
        assertThat(drill.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(drill.getExitStatus().getExitCode()).isEqualTo("PASSED");

        assertThat(jdbc.queryForObject("SELECT items FROM rehearsal_backup WHERE source = 'files' AND table_name = 'orders'",
                Long.class)).isEqualTo(250L);
        assertThat(jdbc.queryForObject("SELECT report_json FROM rehearsal_drill WHERE source = 'files'", String.class))
                .contains("content-digest", "spot-check", "\"outcome\" : \"PASSED\"");
        try (Stream<Path> left = Files.list(SANDBOX)) {
            assertThat(left).as("the drill deleted its sandbox table").isEmpty();
        }
    }

    private String get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET()
                .header("Authorization", "Bearer " + VIEWER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
