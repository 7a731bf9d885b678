package dev.rehearsal.drill.dynamodb;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.dynamodb.DynamoDbCanonical;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.source.dynamodb.DynamoDbSchema;
import dev.rehearsal.drill.sink.ItemCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/** Reads DynamoDB JSON lines for the verifiers: keys from the table's key schema, canonical hashes. */
public final class DynamoDbItemCodec implements ItemCodec {

    private final List<String> keyAttributes;
    private final ThreadLocal<DynamoDbCanonical> canonical = ThreadLocal.withInitial(DynamoDbCanonical::new);

    public DynamoDbItemCodec(JsonNode schema) {
        this.keyAttributes = keyAttributes(schema);
    }

    static List<String> keyAttributes(JsonNode schema) {
        DynamoDbSchema s = ManifestCodec.mapper().treeToValue(schema, DynamoDbSchema.class);
        return s.keySchema().stream()
                .sorted((a, b) -> a.keyType().compareTo(b.keyType())) // HASH before RANGE
                .map(DynamoDbSchema.KeyElement::attributeName).toList();
    }

    public List<String> keyAttributes() {
        return keyAttributes;
    }

    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String k : keyAttributes) {
            AttributeValue v = item.get(k);
            if (v == null) {
                throw new IllegalArgumentException("item has no key attribute '" + k + "'");
            }
            key.put(k, v);
        }
        return key;
    }

    @Override
    public String key(byte[] line) {
        return DynamoDbJson.mapJson(keyOf(DynamoDbJson.parseItemLine(line)));
    }

    @Override
    public byte[] hash(byte[] line) {
        return canonical.get().hash(DynamoDbJson.parseItemLine(line));
    }

    @Override
    public List<String> differingAttributes(byte[] expected, byte[] actual) {
        Map<String, AttributeValue> a = DynamoDbJson.parseItemLine(expected);
        Map<String, AttributeValue> b = DynamoDbJson.parseItemLine(actual);
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        List<String> differing = new ArrayList<>();
        DynamoDbCanonical c = canonical.get();
        for (String name : names) {
            AttributeValue x = a.get(name);
            AttributeValue y = b.get(name);
            if (x == null || y == null || !Arrays.equals(c.encode(Map.of(name, x)), c.encode(Map.of(name, y)))) {
                differing.add(name);
            }
        }
        return differing;
    }
}
