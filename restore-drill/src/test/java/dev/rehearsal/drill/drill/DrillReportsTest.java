package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reports of real drills, one that passed, one that failed and one that erred, read back as a tool or a person would. */
class DrillReportsTest {

    private static final DrillFixture fx = new DrillFixture();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VICTIM = "item-0000000123";

    @TempDir
    static Path dir;

    private static String table;
    private static BackupRepository repository;

    @BeforeAll
    static void backup() throws Exception {
        table = fx.table("reports", 800, 100);
        repository = DrillFixture.repository(new FileSystemBackupStore(dir));
        fx.backup(table, repository.store());
    }

    @Test
    void aPassedDrillsJsonHoldsTheOutcomePhasesInOrderAndEveryCheck() throws Exception {
        DrillResult r = drill(null);
        assertThat(r.outcome()).as("%s", r.errors()).isEqualTo(Outcome.PASSED);

        String json = DrillReports.json(r);
        JsonNode d = JSON.readTree(json);

        assertThat(d.propertyNames()).containsExactly("drillId", "source", "table", "outcome", "backupId",
                "backupAgeSeconds", "sandboxTable", "sandboxEndpoint", "startedAt", "finishedAt", "recoveryTimeSeconds",
                "items", "bytes", "itemsPerSecond", "bytesPerSecond", "phases", "checks", "errors", "warnings");
        assertThat(d.get("drillId").stringValue()).isEqualTo(r.drillId());
        assertThat(d.get("source").stringValue()).isEqualTo("local");
        assertThat(d.get("table").stringValue()).isEqualTo(table);
        assertThat(d.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(d.get("backupId").stringValue()).isEqualTo(r.backupId());
        assertThat(d.get("backupAgeSeconds").doubleValue()).isPositive();
        assertThat(d.get("sandboxTable").stringValue()).isEqualTo(r.sandboxTable());
        assertThat(d.get("startedAt").stringValue()).isEqualTo(r.startedAt().toString());
        assertThat(d.get("finishedAt").stringValue()).isEqualTo(r.finishedAt().toString());
        assertThat(d.get("recoveryTimeSeconds").doubleValue()).isCloseTo(r.recoveryTime().toNanos() / 1e9, within(0.001));
        assertThat(d.get("items").longValue()).isEqualTo(800);
        assertThat(d.get("bytes").longValue()).isEqualTo(r.bytes()).isPositive();
        assertThat(d.get("itemsPerSecond").doubleValue()).isPositive();
        assertPhases(d, r);
        assertChecks(d, r);
        assertThat(d.get("errors").isEmpty()).isTrue();
        // Field order is part of the format: the same result renders to the same text.
        assertThat(json).containsPattern("\\{\\s*\"phase\" : \"integrity-check\",\\s*\"seconds\" : ");
        assertThat(DrillReports.json(r)).isEqualTo(json);
    }

    @Test
    void aPassedDrillsMarkdownHoldsTheChecksTableAndNoErrors() throws Exception {
        DrillResult r = drill(null);
        String md = DrillReports.markdown(r);

        assertThat(md).startsWith("# Drill " + r.drillId() + ": PASSED\n");
        assertThat(md).contains("| Table | `" + table + "` (source `local`) |");
        assertThat(md).contains("| Sandbox | `" + r.sandboxTable() + "` at " + r.sandboxEndpoint() + " |");
        assertThat(md).contains("## Checks\n\n| Check | Result | Evidence |\n|---|---|---|\n"
                + "| item-count | pass | backup has 800 items, restored table has 800 |\n");
        for (CheckResult c : r.checks()) {
            assertThat(md).contains("| " + c.check() + " | pass | " + c.evidence() + " |\n");
        }
        assertThat(md).contains("## Phases\n\n| Phase | Time |\n|---|---|\n| integrity-check | ");
        for (Phase p : Phase.values()) {
            assertThat(md).contains("| " + p.label() + " | ");
        }
        assertThat(md).doesNotContain("## Errors").doesNotContain("**FAIL**");
    }

    @Test
    void aFailedDrillsReportsNameTheMissingKeyInChecksDetailsAndErrors() throws Exception {
        DrillResult r = drill(sandbox -> {
            try (DynamoDbClient c = fx.sandboxClient()) {
                c.deleteItem(x -> x.tableName(sandbox).key(Map.of("pk", AttributeValue.fromS(VICTIM))));
            }
        });
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        String missing = "missing: {\"pk\":{\"S\":\"" + VICTIM + "\"}}";

        JsonNode d = JSON.readTree(DrillReports.json(r));
        assertThat(d.get("outcome").stringValue()).isEqualTo("FAILED");
        assertPhases(d, r);
        assertChecks(d, r);
        JsonNode digest = check(d, "content-digest");
        assertThat(digest.get("passed").booleanValue()).isFalse();
        assertThat(digest.get("evidence").stringValue()).startsWith("backup digest ");
        assertThat(strings(digest.get("details"))).containsExactly(missing);
        assertThat(check(d, "item-count").get("evidence").stringValue()).isEqualTo("backup has 800 items, restored table has 799");
        assertThat(strings(d.get("errors"))).isEqualTo(r.errors()).anyMatch(e -> e.contains(VICTIM));

        String md = DrillReports.markdown(r);
        assertThat(md).startsWith("# Drill " + r.drillId() + ": FAILED\n");
        assertThat(md).contains("| item-count | **FAIL** | backup has 800 items, restored table has 799 |\n");
        assertThat(md).contains("| schema | pass | ");
        assertThat(md).contains("### content-digest details\n\n- " + missing + "\n");
        assertThat(md).contains("\n## Errors\n\n");
        for (String e : r.errors()) {
            assertThat(md).contains("- " + e.replace("|", "\\|") + "\n");
        }

        // The catalog keeps the JSON; Markdown and HTML are rendered from it later and must say the same.
        DrillResult back = DrillReports.fromJson(DrillReports.json(r));
        assertThat(DrillReports.json(back)).isEqualTo(DrillReports.json(r));
        assertThat(DrillReports.markdown(back)).isEqualTo(md);
        String html = DrillReports.html(back);
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "src=")
                .contains("<h1>Drill <code>" + r.drillId() + "</code>: <span class=\"fail\">FAILED</span></h1>")
                .contains("<td>item-count</td><td class=\"fail\">FAIL</td><td>backup has 800 items, restored table has 799")
                .contains("<li>missing: {&quot;pk&quot;:{&quot;S&quot;:&quot;" + VICTIM + "&quot;}}</li>")
                .doesNotContain(missing);
    }

    @Test
    void aDrillThatCouldNotPickABackupReportsNoneRatherThanNulls() throws Exception {
        SandboxGuard guard = fx.guard(Set.of(table));
        DrillResult r;
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            r = new DrillRunner().run(DrillRequest.of("local", table,
                    DrillFixture.repository(new FileSystemBackupStore(dir.resolve("empty"))), sink, guard));
        }
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);

        JsonNode d = JSON.readTree(DrillReports.json(r));
        assertThat(d.get("outcome").stringValue()).isEqualTo("ERROR");
        assertThat(d.get("backupId").isNull()).isTrue();
        assertThat(d.get("backupAgeSeconds").isNull()).isTrue();
        assertThat(d.get("sandboxTable").isNull()).isTrue();
        assertThat(d.get("recoveryTimeSeconds").isNull()).isTrue();
        assertThat(d.get("checks").isEmpty()).isTrue();
        assertThat(strings(d.get("errors"))).singleElement().asString().contains("no committed backup of table '" + table + "'");

        String md = DrillReports.markdown(r);
        assertThat(md).contains("| Backup | none |", "| Sandbox | none |", "| (none ran) | | |",
                "| Recovery time (to a verified, ready table) | not reached |", "## Errors\n\n- no committed backup");
        DrillResult back = DrillReports.fromJson(DrillReports.json(r));
        assertThat(back).isEqualTo(r);
        assertThat(DrillReports.html(back)).contains("<tr><th>Backup</th><td>none</td></tr>",
                "<tr><td colspan=\"3\">(none ran)</td></tr>");
    }

    private DrillResult drill(Consumer<String> beforeVerification) throws Exception {
        SandboxGuard guard = fx.guard(Set.of(table));
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            return new DrillRunner().run(DrillRequest.of("local", table, repository, sink, guard)
                    .withBeforeVerification(beforeVerification));
        }
    }

    /** Phases appear in the order they run, each with its time in seconds. */
    private static void assertPhases(JsonNode d, DrillResult r) {
        List<String> labels = new ArrayList<>();
        for (JsonNode p : d.get("phases")) {
            assertThat(p.propertyNames()).containsExactly("phase", "seconds");
            String label = p.get("phase").stringValue();
            labels.add(label);
            Phase phase = Phase.valueOf(label.toUpperCase().replace('-', '_'));
            assertThat(p.get("seconds").doubleValue()).as(label)
                    .isCloseTo(r.phases().get(phase).toNanos() / 1e9, within(0.001));
        }
        assertThat(labels).containsExactly("integrity-check", "table-create", "data-load", "index-build", "verification",
                "cleanup");
    }

    /** Every check of the result, in order, with its verdict, evidence and details. */
    private static void assertChecks(JsonNode d, DrillResult r) {
        List<JsonNode> checks = new ArrayList<>(d.get("checks").values());
        assertThat(checks).hasSameSizeAs(r.checks());
        for (int i = 0; i < checks.size(); i++) {
            CheckResult c = r.checks().get(i);
            JsonNode j = checks.get(i);
            assertThat(j.propertyNames()).containsExactly("check", "passed", "evidence", "details");
            assertThat(j.get("check").stringValue()).isEqualTo(c.check());
            assertThat(j.get("passed").booleanValue()).isEqualTo(c.passed());
            assertThat(j.get("evidence").stringValue()).isEqualTo(c.evidence()).isNotBlank();
            assertThat(strings(j.get("details"))).isEqualTo(c.details());
        }
        assertThat(checks).extracting(j -> j.get("check").stringValue())
                .containsExactly("item-count", "content-digest", "schema", "spot-check");
    }

    private static JsonNode check(JsonNode d, String name) {
        for (JsonNode c : d.get("checks")) {
            if (c.get("check").stringValue().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + d);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.stringValue()));
        return out;
    }
}
