package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A canary is an item an operator knows by heart: the drill passes only if it comes back exactly.
 * The backup here is always sound, so a failure can only be the canary's.
 */
class DrillCanaryTest {

    private static final DrillFixture fx = new DrillFixture();
    private static final String KEY = "item-0000000007";
    private static final String KEY_JSON = "{\"pk\":{\"S\":\"" + KEY + "\"}}";

    @TempDir
    static Path dir;

    private static String table;
    private static BackupRepository repository;
    private static Map<String, AttributeValue> canary;

    @BeforeAll
    static void backupAndCanary() throws Exception {
        table = fx.table("canary", 500, 100);
        repository = DrillFixture.repository(new FileSystemBackupStore(dir));
        fx.backup(table, repository.store());
        try (DynamoDbClient c = fx.sourceClient()) {
            canary = c.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS(KEY))).consistentRead(true)).item();
        }
        assertThat(canary).containsKeys("pk", "n", "payload");
    }

    @Test
    void aCanaryThatCameBackUnchangedPasses() throws Exception {
        DrillResult r = drill(DynamoDbJson.itemLine(canary));

        assertThat(r.outcome()).as("%s", r.errors()).isEqualTo(Outcome.PASSED);
        CheckResult check = canaryCheck(r);
        assertThat(check.passed()).isTrue();
        assertThat(check.evidence()).isEqualTo("canary " + KEY_JSON + " came back exactly");
    }

    @Test
    void aCanaryExpectingAnotherValueFailsNamingTheKeyAndTheAttribute() throws Exception {
        Map<String, AttributeValue> expected = new HashMap<>(canary);
        expected.put("n", AttributeValue.fromN("999999"));

        DrillResult r = drill(DynamoDbJson.itemLine(expected));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        CheckResult check = canaryCheck(r);
        assertThat(check.passed()).isFalse();
        assertThat(check.evidence()).isEqualTo("canary " + KEY_JSON + " differs in [n]");
        assertThat(r.errors()).containsExactly("canary failed: canary " + KEY_JSON + " differs in [n]");
        // Only the canary failed: the restore itself matches the backup.
        assertThat(r.checks()).filteredOn(c -> !c.check().equals("canary")).allMatch(CheckResult::passed);
    }

    @Test
    void aCanaryWithAnAttributeTheItemDoesNotHaveFailsNamingIt() throws Exception {
        Map<String, AttributeValue> expected = new HashMap<>(canary);
        expected.put("owner", AttributeValue.fromS("ops"));

        DrillResult r = drill(DynamoDbJson.itemLine(expected));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(canaryCheck(r).evidence()).isEqualTo("canary " + KEY_JSON + " differs in [owner]");
    }

    @Test
    void aCanaryMissingFromTheBackupFailsNamingTheKey() throws Exception {
        Map<String, AttributeValue> expected = new HashMap<>(canary);
        expected.put("pk", AttributeValue.fromS("item-9999999999"));

        DrillResult r = drill(DynamoDbJson.itemLine(expected));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(canaryCheck(r).evidence())
                .isEqualTo("canary {\"pk\":{\"S\":\"item-9999999999\"}} is missing from the restored table");
        assertThat(String.join(" ", r.errors())).contains("item-9999999999");
    }

    private DrillResult drill(byte[] canaryLine) throws Exception {
        SandboxGuard guard = fx.guard(Set.of(table));
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            DrillResult r = new DrillRunner().run(DrillRequest.of("local", table, repository, sink, guard)
                    .withCanary(canaryLine));
            try (DynamoDbClient c = fx.sandboxClient()) {
                assertThat(c.listTables().tableNames()).doesNotContain(r.sandboxTable());
            }
            return r;
        }
    }

    private static CheckResult canaryCheck(DrillResult r) {
        assertThat(r.checks()).extracting(CheckResult::check)
                .containsExactly("item-count", "content-digest", "schema", "spot-check", "canary");
        return r.checks().get(4);
    }
}
