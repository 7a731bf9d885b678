package dev.rehearsal.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.dynamodb.DynamoDbCanonical;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.S3ProxyLocal;
import dev.rehearsal.core.testing.TestTables;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import tools.jackson.databind.JsonNode;

/**
 * Every DynamoDB attribute type, unicode names and values and an item near the 400 KB limit go
 * through a backup unchanged: the manifest is checked field by field, and the items read back from
 * the data objects equal, one by one, the items of a fresh scan.
 */
class FidelityTest {

    private static final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private static DynamoDbClient client;
    private static String table;
    private static int bigItemBytes;

    @TempDir
    Path storeDir;

    @BeforeAll
    static void createTable() {
        client = dynamo.client();
        table = TestTables.uniqueName("fidelity");
        client.createTable(r -> r.tableName(table)
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("gpk", ScalarAttributeType.S), attr("gsk", ScalarAttributeType.B),
                        attr("lsk", ScalarAttributeType.S))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(throughput(7, 5))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-group")
                        .keySchema(key("gpk", KeyType.HASH), key("gsk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("color").build())
                        .provisionedThroughput(throughput(3, 2)).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-local")
                        .keySchema(key("pk", KeyType.HASH), key("lsk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tags(Tag.builder().key("team").value("sre").build(), Tag.builder().key("ünïcode").value("✓").build()));
        client.waiter().waitUntilTableExists(r -> r.tableName(table));
        client.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));

        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.add(everyType());
        items.add(Map.of("pk", AttributeValue.fromS("ユーザー🙂"), "sk", AttributeValue.fromN("-1E-5"),
                "名前", AttributeValue.fromS("Zoë \u0000 nul and \t tab \"quoted\" \\ backslash")));
        Map<String, AttributeValue> big = bigItem();
        bigItemBytes = big.get("blob").s().length();
        items.add(big);
        for (int i = 0; i < 700; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + (i % 37)), "sk", AttributeValue.fromN(Integer.toString(i)),
                    "gpk", AttributeValue.fromS("g" + (i % 5)),
                    "gsk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) i, (byte) (i >> 8)})),
                    "color", AttributeValue.fromS(i % 2 == 0 ? "red" : "blue"),
                    "expiresAt", AttributeValue.fromN(Long.toString(4_000_000_000L + i))));
        }
        TestTables.put(client, table, items);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @ParameterizedTest(name = "to the {0} store")
    @ValueSource(strings = {"filesystem", "s3"})
    void backupHoldsEveryItemExactlyAndTheManifestDescribesTheTable(String kind) throws Exception {
        BackupStore store = kind.equals("s3") ? S3ProxyLocal.shared().newStore("backups")
                : new FileSystemBackupStore(storeDir);
        BackupResult result;
        try (DynamoDbTableSource source = dynamo.source("local")) {
            result = new BackupRunner().run(BackupRequest.of(source, table, store)
                    .withScan(ScanOptions.defaults().withSegments(4).withPageSize(50))
                    .withMaxObjectBytes(64 * 1024));
        }
        Manifest m = result.manifest();
        Map<String, Map<String, AttributeValue>> fresh = freshScan();

        // Header, source and scan.
        assertThat(m.format()).isEqualTo("rehearsal-backup");
        assertThat(m.formatVersion()).isEqualTo(1);
        assertThat(m.backupId()).isEqualTo(result.ref().id().value());
        assertThat(m.source()).isEqualTo(new Manifest.Source("local", "dynamodb", dynamo.endpoint().toString(), "us-east-1"));
        assertThat(m.table().name()).isEqualTo(table);
        assertThat(m.scan().mode()).isEqualTo("parallel-scan");
        assertThat(m.scan().segments()).isEqualTo(4);
        assertThat(m.scan().consistentRead()).isFalse();
        assertThat(m.scan().pointInTime()).isFalse();
        assertThat(m.scan().note()).contains("not a point-in-time snapshot");
        assertThat(m.startedAt()).isBeforeOrEqualTo(m.finishedAt());
        assertThat(m.compression()).isEqualTo("zstd");
        assertThat(m.writer()).startsWith("rehearsal ");

        // Schema.
        JsonNode s = m.table().schema();
        assertThat(s.path("tableName").asString()).isEqualTo(table);
        assertThat(s.path("keySchema").toString())
                .isEqualTo("[{\"attributeName\":\"pk\",\"keyType\":\"HASH\"},{\"attributeName\":\"sk\",\"keyType\":\"RANGE\"}]");
        assertThat(attributeTypes(s)).isEqualTo(Map.of("pk", "S", "sk", "N", "gpk", "S", "gsk", "B", "lsk", "S"));
        assertThat(s.path("billingMode").asString()).isEqualTo("PROVISIONED");
        assertThat(s.path("provisionedThroughput").path("readCapacityUnits").asLong()).isEqualTo(7);
        assertThat(s.path("provisionedThroughput").path("writeCapacityUnits").asLong()).isEqualTo(5);
        JsonNode gsi = s.path("globalSecondaryIndexes").get(0);
        assertThat(s.path("globalSecondaryIndexes").size()).isEqualTo(1);
        assertThat(gsi.path("indexName").asString()).isEqualTo("by-group");
        assertThat(gsi.path("keySchema").toString())
                .isEqualTo("[{\"attributeName\":\"gpk\",\"keyType\":\"HASH\"},{\"attributeName\":\"gsk\",\"keyType\":\"RANGE\"}]");
        assertThat(gsi.path("projection").path("projectionType").asString()).isEqualTo("INCLUDE");
        assertThat(gsi.path("projection").path("nonKeyAttributes").toString()).isEqualTo("[\"color\"]");
        assertThat(gsi.path("provisionedThroughput").path("readCapacityUnits").asLong()).isEqualTo(3);
        JsonNode lsi = s.path("localSecondaryIndexes").get(0);
        assertThat(s.path("localSecondaryIndexes").size()).isEqualTo(1);
        assertThat(lsi.path("indexName").asString()).isEqualTo("by-local");
        assertThat(lsi.path("keySchema").toString())
                .isEqualTo("[{\"attributeName\":\"pk\",\"keyType\":\"HASH\"},{\"attributeName\":\"lsk\",\"keyType\":\"RANGE\"}]");
        assertThat(lsi.path("projection").path("projectionType").asString()).isEqualTo("KEYS_ONLY");
        assertThat(s.path("timeToLive").path("attributeName").asString()).isEqualTo("expiresAt");
        assertThat(s.path("timeToLive").path("status").asString()).isEqualTo("ENABLED");
        assertThat(s.path("streamSpecification").path("streamEnabled").asBoolean()).isTrue();
        assertThat(s.path("streamSpecification").path("streamViewType").asString()).isEqualTo("NEW_AND_OLD_IMAGES");
        // DynamoDB Local does not support tagging, and says so: the manifest records that tags are unknown.
        assertThat(s.path("tags").isNull()).isTrue();
        assertThat(s.has("deletionProtectionEnabled")).isTrue();
        assertThat(s.has("sse")).isTrue();
        assertThat(s.path("tableClass").asString()).isEqualTo("STANDARD");

        // Objects: each stored file matches its entry; together they hold every item once.
        assertThat(m.objects()).hasSizeGreaterThan(4); // 64 KiB parts: the big item alone fills one
        long items = 0;
        long bytes = 0;
        for (Manifest.DataObject o : m.objects()) {
            byte[] stored;
            try (InputStream in = store.open(StoreLayout.objectKey(result.ref(), o.name()))) {
                stored = in.readAllBytes();
            }
            assertThat(stored.length).as(o.name()).isEqualTo(o.bytes());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored))).as(o.name())
                    .isEqualTo(o.sha256());
            assertThat(o.name()).matches("data/\\d{5}-\\d{5}\\.json\\.zst");
            items += o.items();
            bytes += o.bytes();
        }
        assertThat(m.totals().items()).isEqualTo(items).isEqualTo(fresh.size()).isEqualTo(703);
        assertThat(m.totals().bytes()).isEqualTo(bytes);
        assertThat(m.totals().uncompressedBytes()).isGreaterThan(bigItemBytes);

        // The digest equals one recomputed from a fresh scan of the table, with BigInteger arithmetic.
        assertThat(m.contentDigest()).isEqualTo(new ContentDigest(ContentDigest.ALGORITHM, referenceSum(fresh.values()),
                fresh.size()));

        // Read back through the format reader: item by item equal to the fresh scan, none twice.
        Map<String, Map<String, AttributeValue>> restored = readBack(store, result.ref(), m);
        assertThat(restored.keySet()).isEqualTo(fresh.keySet());
        for (var e : fresh.entrySet()) {
            assertThat(restored.get(e.getKey())).as("item %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(restored.values()).anySatisfy(i -> assertThat(i).containsKeys("名前", "ключ", "🔑"));
    }

    private Map<String, Map<String, AttributeValue>> readBack(BackupStore store, BackupRef ref, Manifest m)
            throws Exception {
        BackupRepository repo = new BackupRepository(store);
        assertThat(repo.committed("local", table)).containsExactly(ref);
        // Compared as JSON: a schema read back holds small numbers as int nodes where the writer had longs.
        assertThat(new String(ManifestCodec.write(repo.manifest(ref)), StandardCharsets.UTF_8))
                .isEqualTo(new String(ManifestCodec.write(m), StandardCharsets.UTF_8));
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        for (Manifest.DataObject o : m.objects()) {
            try (DataObjectReader reader = repo.read(ref, m, o)) {
                byte[] line;
                while ((line = reader.next()) != null) {
                    Map<String, AttributeValue> item = DynamoDbJson.parseItemLine(line);
                    assertThat(items.put(keyOf(item), item)).as("duplicate item %s", keyOf(item)).isNull();
                }
            }
        }
        return items;
    }

    private static Map<String, Map<String, AttributeValue>> freshScan() {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                .forEach(i -> items.put(keyOf(i), i));
        return items;
    }

    private static String referenceSum(Iterable<Map<String, AttributeValue>> items) {
        BigInteger sum = BigInteger.ZERO;
        DynamoDbCanonical canonical = new DynamoDbCanonical();
        for (Map<String, AttributeValue> i : items) {
            sum = sum.add(new BigInteger(1, canonical.hash(i)));
        }
        String hex = sum.mod(BigInteger.ONE.shiftLeft(256)).toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static String keyOf(Map<String, AttributeValue> item) {
        return item.get("pk").s() + "|" + item.get("sk").n();
    }

    private static Map<String, String> attributeTypes(JsonNode schema) {
        Map<String, String> types = new TreeMap<>();
        schema.path("attributeDefinitions").forEach(a -> types.put(a.path("attributeName").asString(),
                a.path("attributeType").asString()));
        return types;
    }

    private static Map<String, AttributeValue> everyType() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        AttributeValue deep = AttributeValue.fromM(Map.of("level2", AttributeValue.fromM(Map.of(
                "level3", AttributeValue.fromM(Map.of("level4", AttributeValue.fromL(List.of(
                        AttributeValue.fromM(Map.of("level6", AttributeValue.fromS("deep")))))))))));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("every-type"));
        item.put("sk", AttributeValue.fromN("12345678901234567890123456789012345678"));
        item.put("s", AttributeValue.fromS("héllo wörld ✓ 日本語 🎉"));
        item.put("nNegative", AttributeValue.fromN("-98765432109876543210.987654321098765432"));
        item.put("nExponent", AttributeValue.fromN("1.5E+100"));
        item.put("nTiny", AttributeValue.fromN("-1E-129"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(allBytes)));
        item.put("ss", AttributeValue.fromSs(List.of("zebra", "apple", "çedilla", "日本")));
        item.put("ns", AttributeValue.fromNs(List.of("3", "-2.5", "1E2", "0.001")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {(byte) 0xff, 0}),
                SdkBytes.fromByteArray(new byte[] {0, 1}))));
        item.put("m", AttributeValue.fromM(Map.of("level1", deep, "empty", AttributeValue.fromM(Map.of()))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"),
                AttributeValue.fromL(List.of(AttributeValue.fromL(List.of(AttributeValue.fromBool(true))))),
                AttributeValue.fromNul(true), AttributeValue.fromL(List.of()))));
        item.put("null", AttributeValue.fromNul(true));
        item.put("boolTrue", AttributeValue.fromBool(true));
        item.put("boolFalse", AttributeValue.fromBool(false));
        item.put("名前", AttributeValue.fromS("値"));
        item.put("ключ", AttributeValue.fromS("значение"));
        item.put("🔑", AttributeValue.fromS("🔒"));
        item.put("gpk", AttributeValue.fromS("g-every"));
        item.put("gsk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {9, 9})));
        item.put("lsk", AttributeValue.fromS("l-every"));
        return item;
    }

    private static Map<String, AttributeValue> bigItem() {
        StringBuilder blob = new StringBuilder(399_000);
        while (blob.length() < 399_000) {
            blob.append("rehearsal-").append(blob.length()).append(' ');
        }
        blob.setLength(399_000);
        return Map.of("pk", AttributeValue.fromS("big"), "sk", AttributeValue.fromN("0"),
                "blob", AttributeValue.fromS(blob.toString()));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static ProvisionedThroughput throughput(long read, long write) {
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }
}
