package dev.rehearsal.drill.dynamodb;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.dynamodb.DynamoDbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Compares the parts of two DynamoDB schemas that define the data's shape: key schema, attribute
 * definitions (as a set), indexes with keys and projections, and the time-to-live attribute.
 * Billing, capacity, tags and streams may rightly differ in a sandbox and are not compared.
 */
final class DynamoDbSchemaComparison {

    private DynamoDbSchemaComparison() {
    }

    static List<String> differences(JsonNode expectedJson, JsonNode actualJson) {
        DynamoDbSchema expected = ManifestCodec.mapper().treeToValue(expectedJson, DynamoDbSchema.class);
        DynamoDbSchema actual = ManifestCodec.mapper().treeToValue(actualJson, DynamoDbSchema.class);
        List<String> diffs = new ArrayList<>();
        compare(diffs, "key schema", expected.keySchema(), actual.keySchema());
        compare(diffs, "attribute definitions", attributes(expected), attributes(actual));
        compare(diffs, "global secondary indexes", indexes(expected.globalSecondaryIndexes()),
                indexes(actual.globalSecondaryIndexes()));
        compare(diffs, "local secondary indexes", indexes(expected.localSecondaryIndexes()),
                indexes(actual.localSecondaryIndexes()));
        compare(diffs, "time-to-live attribute", ttl(expected), ttl(actual));
        return diffs;
    }

    private static void compare(List<String> diffs, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            diffs.add(what + ": backup has " + expected + ", restored table has " + actual);
        }
    }

    private static Map<String, String> attributes(DynamoDbSchema s) {
        Map<String, String> m = new TreeMap<>();
        s.attributeDefinitions().forEach(a -> m.put(a.attributeName(), a.attributeType()));
        return m;
    }

    /** Index name to "keys / projection", ignoring capacity. */
    private static Map<String, String> indexes(List<DynamoDbSchema.Index> indexes) {
        Map<String, String> m = new TreeMap<>();
        for (DynamoDbSchema.Index i : indexes) {
            m.put(i.indexName(), i.keySchema() + " / " + i.projection().projectionType()
                    + new TreeSet<>(i.projection().nonKeyAttributes()));
        }
        return m;
    }

    private static String ttl(DynamoDbSchema s) {
        return s.timeToLive() == null || s.timeToLive().status() == null || !s.timeToLive().status().startsWith("ENABL")
                ? null : s.timeToLive().attributeName();
    }

}
