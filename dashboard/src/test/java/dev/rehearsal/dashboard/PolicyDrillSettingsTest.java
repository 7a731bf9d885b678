package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A policy's drill settings, configured and not only reachable from tests: a canary every drill
 * must find restored exactly, and drills of a backup chosen at random within a window. One table's
 * canary is the item as it is (its drills pass with a canary check); the other's is an item that
 * was never in the table (its drills fail, naming the canary).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PolicyDrillSettingsTest {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String KNOWN = TestTables.uniqueName("canary-known");
    static final String WRONG = TestTables.uniqueName("canary-wrong");

    @Autowired
    RehearsalJobs jobs;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        String knownLine;
        String wrongLine;
        try (DynamoDbClient c = source.client()) {
            for (String t : List.of(KNOWN, WRONG)) {
                TestTables.createSimple(c, t);
                TestTables.fill(c, t, 200, 60);
            }
            Map<String, AttributeValue> item = c.scan(s -> s.tableName(KNOWN).limit(1)).items().get(0);
            knownLine = new String(DynamoDbJson.itemLine(item), StandardCharsets.UTF_8);
            Map<String, AttributeValue> changed = new HashMap<>(c.scan(s -> s.tableName(WRONG).limit(1)).items().get(0));
            changed.put("payload", AttributeValue.fromS("an item that was never backed up"));
            wrongLine = new String(DynamoDbJson.itemLine(changed), StandardCharsets.UTF_8);
        }
        Path store = Files.createTempDirectory("rehearsal-policy-drills");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:policy-drills;DB_CLOSE_DELAY=-1");
        r.add("rehearsal.sources.local.endpoint", () -> source.endpoint().toString());
        r.add("rehearsal.sources.local.include[0]", () -> "canary-*");
        r.add("rehearsal.sources.local.credentials.type", () -> "static");
        r.add("rehearsal.sources.local.credentials.access-key-id", () -> "rehearsal");
        r.add("rehearsal.sources.local.credentials.secret-access-key", () -> "local");
        r.add("rehearsal.stores.disk.type", () -> "filesystem");
        r.add("rehearsal.stores.disk.path", store::toString);
        for (var p : Map.of("known", new String[] {KNOWN, knownLine}, "wrong", new String[] {WRONG, wrongLine}).entrySet()) {
            String key = "rehearsal.policies." + p.getKey() + ".";
            r.add(key + "source", () -> "local");
            r.add(key + "tables[0]", () -> p.getValue()[0]);
            r.add(key + "store", () -> "disk");
            r.add(key + "backup-cron", () -> "0 0 0 1 1 *");
            r.add(key + "drill-cron", () -> "0 0 0 1 1 *");
            r.add(key + "rto", () -> "10m");
            r.add(key + "rpo", () -> "1d");
            r.add(key + "canary", () -> p.getValue()[1]);
            r.add(key + "drill-random-within", () -> "30d");
        }
        r.add("rehearsal.sandbox.endpoint", () -> sandbox.endpoint().toString());
        r.add("rehearsal.sandbox.credentials.type", () -> "static");
        r.add("rehearsal.sandbox.credentials.access-key-id", () -> "rehearsal");
        r.add("rehearsal.sandbox.credentials.secret-access-key", () -> "local");
    }

    @Test
    void aConfiguredCanaryIsCheckedByEveryDrillOfARandomRecentBackup() {
        for (String table : List.of(KNOWN, WRONG)) {
            jobs.backup("local", table, "test").orElseThrow();
            jobs.backup("local", table, "test").orElseThrow();
        }
        List<String> backups = jdbc.queryForList("SELECT backup_id FROM rehearsal_backup WHERE table_name = ?",
                String.class, KNOWN);
        assertThat(backups).hasSize(2);
        for (int i = 0; i < 4; i++) {
            assertThat(jobs.drill("local", KNOWN, "test").orElseThrow().getExitStatus().getExitCode()).isEqualTo("PASSED");
        }
        List<String> drilled = jdbc.queryForList("SELECT backup_id FROM rehearsal_drill WHERE table_name = ?",
                String.class, KNOWN);
        assertThat(drilled).hasSize(4).allMatch(backups::contains);
        assertThat(jdbc.queryForList("SELECT report_json FROM rehearsal_drill WHERE table_name = ?", String.class, KNOWN))
                .allMatch(report -> report.contains("\"check\" : \"canary\""));

        assertThat(jobs.drill("local", WRONG, "test").orElseThrow().getExitStatus().getExitCode()).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT report_json FROM rehearsal_drill WHERE table_name = ?", String.class, WRONG))
                .contains("canary failed");
    }
}
