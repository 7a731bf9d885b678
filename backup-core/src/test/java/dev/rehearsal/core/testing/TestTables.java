package dev.rehearsal.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Builds and fills tables in DynamoDB Local for tests and benchmarks. */
public final class TestTables {

    private TestTables() {
    }

    /** A unique table name with a readable stem. */
    public static String uniqueName(String stem) {
        return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An on-demand table keyed by a string hash key {@code pk}. */
    public static void createSimple(DynamoDbClient client, String table) {
        client.createTable(r -> r.tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    /** An item of about {@code bytes} bytes: {@code pk = item-<n>}, a number and a random payload. */
    public static Map<String, AttributeValue> item(long n, int bytes) {
        byte[] payload = new byte[Math.max(1, bytes - 40)];
        ThreadLocalRandom.current().nextBytes(payload);
        return Map.of(
                "pk", AttributeValue.fromS(String.format("item-%010d", n)),
                "n", AttributeValue.fromN(Long.toString(n)),
                "payload", AttributeValue.fromB(SdkBytes.fromByteArray(payload)));
    }

    /** Writes {@code count} items of about {@code bytes} bytes with BatchWriteItem, retrying unprocessed ones. */
    public static void fill(DynamoDbClient client, String table, long count, int bytes) {
        List<WriteRequest> batch = new ArrayList<>(25);
        for (long n = 0; n < count; n++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(n, bytes)).build()).build());
            if (batch.size() == 25) {
                writeBatch(client, table, batch);
                batch = new ArrayList<>(25);
            }
        }
        if (!batch.isEmpty()) {
            writeBatch(client, table, batch);
        }
    }

    public static void put(DynamoDbClient client, String table, List<Map<String, AttributeValue>> items) {
        List<WriteRequest> batch = new ArrayList<>(25);
        for (Map<String, AttributeValue> item : items) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                writeBatch(client, table, batch);
                batch = new ArrayList<>(25);
            }
        }
        if (!batch.isEmpty()) {
            writeBatch(client, table, batch);
        }
    }

    private static void writeBatch(DynamoDbClient client, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
