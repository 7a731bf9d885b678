package dev.rehearsal.demo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The demo's sample tables, of different sizes, like the ones in the incident that started this
 * project: a few dozen service settings, thousands of file records, and hundreds of thousands of
 * device and user ids.
 */
final class SampleData {

    private static final Logger log = LoggerFactory.getLogger(SampleData.class);

    /** Table name and item count, smallest first so that the first drills finish quickly. */
    static final Map<String, Integer> FULL_SIZE = new java.util.LinkedHashMap<>();

    static {
        FULL_SIZE.put("service-config", 40);
        FULL_SIZE.put("file-metadata", 5_000);
        FULL_SIZE.put("device-ids", 50_000);
        FULL_SIZE.put("user-ids", 200_000);
    }

    /** The one sample table without deletion protection: the coverage audit flags it. */
    static final String UNPROTECTED = "file-metadata";

    private SampleData() {
    }

    /** -Drehearsal.demo.scale=0.05 makes every sample table smaller, for a quick look or a test. */
    static double scale() {
        return Double.parseDouble(System.getProperty("rehearsal.demo.scale", "1"));
    }

    /**
     * Creates the tables and fills them. Returns once the small tables are full; the large ones
     * keep filling in the background, so that the first backups and drills start within seconds.
     */
    static void seed(String endpoint) throws InterruptedException {
        double scale = scale();
        Map<String, Integer> tables = new java.util.LinkedHashMap<>(FULL_SIZE);
        tables.replaceAll((table, count) -> Math.max(10, (int) (count * scale)));
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                .build();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        for (var t : tables.entrySet()) {
            String table = t.getKey();
            client.createTable(r -> r.tableName(table)
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    // As production tables should be; one is left without, so the demo shows what the audit says then.
                    .deletionProtectionEnabled(!table.equals(UNPROTECTED)));
            // Every table gets its first items now, so that none is empty when the first backups start.
            write(client, table, 0, Math.min(t.getValue(), SMALL));
        }
        log.info("Demo: tables {} created; the small ones are full, the large ones fill in the background", tables);
        Thread background = new Thread(() -> {
            try {
                for (var t : tables.entrySet()) {
                    if (t.getValue() > SMALL) {
                        fill(writers, client, t.getKey(), SMALL, t.getValue());
                    }
                }
                writers.shutdown();
                writers.awaitTermination(30, TimeUnit.MINUTES);
                log.info("Demo: sample tables filled in {} s", (System.nanoTime() - start) / 1_000_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                client.close();
            }
        }, "demo-seed");
        background.setDaemon(true);
        background.start();
    }

    private static final int SMALL = 5_000;

    private static void fill(ExecutorService writers, DynamoDbClient client, String table, int start, int count) {
        int chunk = 5_000;
        for (int from = start; from < count; from += chunk) {
            int first = from;
            int last = Math.min(count, from + chunk);
            writers.submit(() -> write(client, table, first, last));
        }
    }

    private static void write(DynamoDbClient client, String table, int from, int to) {
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = from; i < to; i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(table, i)).build()).build());
            if (batch.size() == 25 || i == to - 1) {
                Map<String, List<WriteRequest>> pending = Map.of(table, batch);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    var response = client.batchWriteItem(r -> r.requestItems(request));
                    pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                }
                batch = new ArrayList<>(25);
            }
        }
    }

    private static Map<String, AttributeValue> item(String table, int i) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return switch (table) {
            case "service-config" -> Map.of("id", AttributeValue.fromS("service-" + i),
                    "replicas", AttributeValue.fromN(Integer.toString(1 + r.nextInt(12))),
                    "flags", AttributeValue.fromSs(List.of("canary", "v" + i)),
                    "owner", AttributeValue.fromS("team-" + (i % 7)));
            case "file-metadata" -> Map.of("id", AttributeValue.fromS(UUID.nameUUIDFromBytes(("f" + i).getBytes()).toString()),
                    "path", AttributeValue.fromS("/srv/files/" + (i % 100) + "/file-" + i + ".bin"),
                    "size", AttributeValue.fromN(Long.toString(r.nextLong(1, 1L << 32))),
                    "tags", AttributeValue.fromM(Map.of("kind", AttributeValue.fromS(i % 3 == 0 ? "image" : "doc"))));
            default -> Map.of("id", AttributeValue.fromS(table.substring(0, 1) + "-" + String.format("%09d", i)),
                    "createdAt", AttributeValue.fromN(Long.toString(1_700_000_000L + i)),
                    "active", AttributeValue.fromBool(i % 11 != 0));
        };
    }
}
