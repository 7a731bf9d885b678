package dev.rehearsal.drill.dynamodb;

import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.TableSinkContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import tools.jackson.databind.JsonNode;

/** The table sink contract on DynamoDB Local: the source table is described on one server, restored into another. */
class DynamoDbTableSinkTest extends TableSinkContract {

    private static final DrillFixture fx = new DrillFixture();
    private static final String INDEX = "by-kind";
    private static JsonNode schema;

    @Override
    protected SandboxGuard guard(SandboxLedger ledger) {
        return new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, Set.of(), ledger);
    }

    @Override
    protected TableSink newSink(SandboxGuard guard) {
        return fx.sink(guard);
    }

    /** A table keyed by {@code pk} with a global index on {@code kind}, as DynamoDbTableSource describes it. */
    @Override
    protected synchronized JsonNode schema() {
        if (schema == null) {
            String source = TestTables.uniqueName("sink-contract");
            try (DynamoDbClient c = fx.sourceClient()) {
                c.createTable(r -> r.tableName(source)
                        .keySchema(key("pk", KeyType.HASH))
                        .attributeDefinitions(attribute("pk"), attribute("kind"))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(INDEX)
                                .keySchema(key("kind", KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST));
                c.waiter().waitUntilTableExists(r -> r.tableName(source));
            }
            try (DynamoDbTableSource src = fx.source.source("local")) {
                schema = src.describe(source).schema();
            }
        }
        return schema;
    }

    @Override
    protected byte[] line(int n) {
        return DynamoDbJson.itemLine(Map.of(
                "pk", AttributeValue.fromS(String.format("item-%06d", n)),
                "kind", AttributeValue.fromS("kind-" + n % 5),
                "n", AttributeValue.fromN(Integer.toString(n)),
                "payload", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) n, (byte) (n >> 8), 0, -1})),
                "tags", AttributeValue.fromL(List.of(AttributeValue.fromS("t" + n), AttributeValue.fromBool(n % 2 == 0))),
                "note", n % 7 == 0 ? AttributeValue.fromNul(true) : AttributeValue.fromS("note ü " + n)));
    }

    @Override
    protected String indexName() {
        return INDEX;
    }

    @Override
    protected void dropIndexDirectly(String table) throws InterruptedException {
        try (DynamoDbClient c = fx.sandboxClient()) {
            c.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName(INDEX))));
            while (c.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(g -> g.indexName().equals(INDEX))) {
                Thread.sleep(20);
            }
        }
    }

    @Override
    protected String nameOutsideTheSandbox() {
        return TestTables.uniqueName("contract-outside");
    }

    @Override
    protected void deleteDirectly(String table) throws InterruptedException {
        try (DynamoDbClient c = fx.sandboxClient()) {
            c.deleteTable(r -> r.tableName(table));
            while (true) {
                try {
                    c.describeTable(r -> r.tableName(table));
                } catch (ResourceNotFoundException gone) {
                    return;
                }
                Thread.sleep(20);
            }
        }
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
