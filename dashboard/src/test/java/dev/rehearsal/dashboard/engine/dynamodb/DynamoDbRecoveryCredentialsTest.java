package dev.rehearsal.dashboard.engine.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.config.BinderSection;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Which credentials an admin's restore into a new table writes with. DynamoDB Local keeps one
 * database per access key, so a table is visible only to clients of the key that created it: that
 * tells the recovery client's credentials apart from the backup reader's.
 */
class DynamoDbRecoveryCredentialsTest {

    private static final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private static final SandboxGuard NO_DROPS = new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, Set.of(),
            new InMemorySandboxLedger());

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String backupKey = "backupreader" + suffix;
    private final String recoveryKey = "recoverywriter" + suffix;

    @Test
    void withRecoveryCredentialsTheRecoverySinkUsesThemAndTheBackupReaderDoesNot() {
        try (DynamoDbClient recovery = client(recoveryKey)) {
            TestTables.createSimple(recovery, "orders-restored");
        }
        try (var engine = new DynamoDbEngineProvider().source("prod", source(recoveryKey))) {
            TableSink sink = engine.recoverySink(NO_DROPS);

            assertThat(sink.exists("orders-restored")).as("seen with the recovery key").isTrue();
            assertThat(engine.listTables()).as("seen with the backup key").doesNotContain("orders-restored");
        }
    }

    @Test
    void withoutRecoveryCredentialsTheRecoverySinkUsesTheBackupCredentialsAsBefore() {
        try (DynamoDbClient backup = client(backupKey)) {
            TestTables.createSimple(backup, "orders");
        }
        try (var engine = new DynamoDbEngineProvider().source("prod", source(null))) {
            assertThat(engine.recoverySink(NO_DROPS).exists("orders")).isTrue();
            assertThat(engine.writeAccessWarnings(engine.listTables())).as("DynamoDB cannot tell").isEmpty();
        }
    }

    /** Source "prod" as its configuration section says, with recovery credentials of their own when a key is given. */
    private ConfigSection source(String recoveryKey) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("rehearsal.sources.prod.endpoint", dynamo.endpoint().toString());
        c.put("rehearsal.sources.prod.region", DynamoDbLocal.REGION.id());
        c.put("rehearsal.sources.prod.credentials.type", "static");
        c.put("rehearsal.sources.prod.credentials.access-key-id", backupKey);
        c.put("rehearsal.sources.prod.credentials.secret-access-key", "local");
        if (recoveryKey != null) {
            c.put("rehearsal.sources.prod.recovery-credentials.type", "static");
            c.put("rehearsal.sources.prod.recovery-credentials.access-key-id", recoveryKey);
            c.put("rehearsal.sources.prod.recovery-credentials.secret-access-key", "local");
        }
        return BinderSection.of(c).child("sources").child("prod");
    }

    private static DynamoDbClient client(String accessKey) {
        return DynamoDbTableSource.client(dynamo.endpoint(), DynamoDbLocal.REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "local")));
    }
}
