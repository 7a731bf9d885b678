package dev.rehearsal.core.source.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbJsonTest {

    @Test
    void randomItemsRoundTripExactly() {
        Random random = new Random(11);
        DynamoDbCanonical canonical = new DynamoDbCanonical();
        for (int i = 0; i < 2_000; i++) {
            Map<String, AttributeValue> item = randomMap(random, 0);
            Map<String, AttributeValue> back = DynamoDbJson.parseItemLine(DynamoDbJson.itemLine(item));
            assertThat(back).isEqualTo(item);
            assertThat(canonical.hash(back)).isEqualTo(canonical.hash(item));
        }
    }

    @Test
    void linesAreDynamoDbExportLines() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("a"));
        item.put("n", AttributeValue.fromN("1.50"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
        item.put("x", AttributeValue.fromNul(true));
        assertThat(new String(DynamoDbJson.itemLine(item), StandardCharsets.UTF_8))
                .isEqualTo("{\"Item\":{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1.50\"},\"b\":{\"B\":\"AQID\"},\"x\":{\"NULL\":true}}}");
    }

    @Test
    void malformedLinesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("{\"Item\":{\"a\":{\"Q\":\"x\"}}}")).hasMessageContaining("unknown attribute type \"Q\"");
        assertThatThrownBy(() -> parse("{\"Thing\":{}}")).hasMessageContaining("expected field \"Item\"");
        assertThatThrownBy(() -> parse("{\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}")).hasMessageContaining("more than one type");
        assertThatThrownBy(() -> parse("{\"Item\":{\"a\":{\"S\":\"x\"}")).hasMessageContaining("not valid JSON");
    }

    private static Map<String, AttributeValue> parse(String line) {
        return DynamoDbJson.parseItemLine(line.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> randomMap(Random r, int depth) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            m.put(randomString(r), randomValue(r, depth));
        }
        return m;
    }

    private static AttributeValue randomValue(Random r, int depth) {
        int kind = r.nextInt(depth < 3 ? 11 : 9);
        return switch (kind) {
            case 0 -> AttributeValue.fromS(randomString(r));
            case 1 -> AttributeValue.fromN(randomNumber(r));
            case 2 -> AttributeValue.fromB(SdkBytes.fromByteArray(randomBytes(r)));
            case 3 -> AttributeValue.fromSs(List.of(randomString(r) + "1", randomString(r) + "2"));
            case 4 -> AttributeValue.fromNs(List.of("1", randomNumber(r) + "1"));
            case 5 -> AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(randomBytes(r))));
            case 6 -> AttributeValue.fromBool(r.nextBoolean());
            case 7 -> AttributeValue.fromNul(true);
            case 8 -> AttributeValue.fromS("");
            case 9 -> AttributeValue.fromM(randomMap(r, depth + 1));
            default -> {
                List<AttributeValue> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                yield AttributeValue.fromL(l);
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(12); i >= 0; i--) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> 'a' + r.nextInt(26);
                case 1 -> 0x20 + r.nextInt(0x60);
                case 2 -> 0x400 + r.nextInt(0x100);
                default -> 0x1F600 + r.nextInt(0x40);
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static String randomNumber(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Long.toString(r.nextLong());
            case 1 -> (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + "." + r.nextInt(1000);
            default -> r.nextInt(100) + "E" + (r.nextInt(200) - 100);
        };
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        return b;
    }
}
