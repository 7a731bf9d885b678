package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.drill.CountingDynamoDbClient;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The drill-faults contract on two DynamoDB Local servers: a table of 1,500 items keyed by
 * {@code pk = item-<n>}, with a global index on {@code n}, restored into the sandbox server through a
 * client that records every call.
 */
class DrillFaultsTest extends DrillFaultsContract {

    private static final DrillFixture fx = new DrillFixture();
    private static final String INDEX = "by-n";
    private static String table;
    private CountingDynamoDbClient lastClient;

    @BeforeAll
    static void sourceTable() {
        table = TestTables.uniqueName("faults");
        try (DynamoDbClient c = fx.sourceClient()) {
            c.createTable(r -> r.tableName(table)
                    .keySchema(key("pk", KeyType.HASH))
                    .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("n", ScalarAttributeType.N))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(INDEX).keySchema(key("n", KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            c.waiter().waitUntilTableExists(r -> r.tableName(table));
            TestTables.fill(c, table, 1_500, 120);
        }
    }

    @Override
    protected String source() {
        return "local";
    }

    @Override
    protected String table() {
        return table;
    }

    @Override
    protected BackupResult backup(BackupStore store) throws Exception {
        return fx.backup(table, store);
    }

    @Override
    protected SandboxGuard guard() {
        return fx.guard(Set.of(table));
    }

    @Override
    protected TableSink sink(SandboxGuard guard) {
        lastClient = new CountingDynamoDbClient(fx.sandboxClient());
        return DrillFixture.sink(fx.sandbox, lastClient, guard);
    }

    @Override
    protected String reportKey(int n) {
        return "{\"pk\":{\"S\":\"" + pk(n) + "\"}}";
    }

    @Override
    protected byte[] sourceLine(int n) {
        try (DynamoDbClient c = fx.sourceClient()) {
            return DynamoDbJson.itemLine(c.getItem(g -> g.tableName(table).key(key(n)).consistentRead(true)).item());
        }
    }

    @Override
    protected void deleteItem(String sandbox, int n) {
        try (DynamoDbClient c = fx.sandboxClient()) {
            c.deleteItem(d -> d.tableName(sandbox).key(key(n)));
        }
    }

    @Override
    protected void changeAttributeN(String sandbox, int n) {
        try (DynamoDbClient c = fx.sandboxClient()) {
            c.updateItem(u -> u.tableName(sandbox).key(key(n))
                    .updateExpression("SET n = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromN("-1"))));
        }
    }

    /** Without the index, DynamoDB also drops the definition of {@code n}, which only the index used. */
    @Override
    protected List<String> dropIndex(String sandbox) throws InterruptedException {
        try (DynamoDbClient c = fx.sandboxClient()) {
            c.updateTable(r -> r.tableName(sandbox).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName(INDEX))));
            while (c.describeTable(r -> r.tableName(sandbox)).table().globalSecondaryIndexes().stream()
                    .anyMatch(g -> g.indexName().equals(INDEX))) {
                Thread.sleep(20);
            }
        }
        return List.of("attribute definitions: backup has {n=N, pk=S}, restored table has {pk=S}",
                "global secondary indexes: backup has {" + INDEX + "=");
    }

    /** Someone "fixes" the key schema by hand: every other field still matches the data. */
    @Override
    protected String editManifest(String manifest) {
        return manifest.replace("\"keyType\" : \"HASH\"", "\"keyType\" : \"RANGE\"");
    }

    @Override
    protected void takeName(String name) {
        DrillFixture.createTable(fx.sandbox, name, 80, 60);
    }

    @Override
    protected Object contents(String name) {
        return DrillFixture.contents(fx.sandbox, name);
    }

    @Override
    protected void removeTaken(String name) {
        try (DynamoDbClient c = fx.sandboxClient()) {
            c.deleteTable(r -> r.tableName(name));
        }
    }

    @Override
    protected Optional<List<String>> writeCallsOfTheLastSink() {
        return Optional.of(lastClient.writes());
    }

    @Override
    protected void assertNoSandboxLeftBy(String drillId) {
        assertThat(DrillFixture.tables(fx.sandbox)).noneMatch(n -> n.contains(drillId));
    }

    private static String pk(int n) {
        return String.format("item-%010d", n);
    }

    private static Map<String, AttributeValue> key(int n) {
        return Map.of("pk", AttributeValue.fromS(pk(n)));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
