package dev.rehearsal.bench.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items for the microbenchmarks, the same for every run (a fixed seed).
 *
 * <ul>
 *   <li>{@code orders}: what an application table holds: string keys, a timestamp, decimal prices,
 *       a nested customer map, a list of order lines (maps), a string set of tags, a sentence of
 *       text, a boolean and a null; about 600 bytes of JSON line an item, and compressible.</li>
 *   <li>{@code payload}: the end-to-end benchmarks' table (bench's {@code Loader}): a string key,
 *       a number and about 160 random bytes of binary, which does not compress.</li>
 * </ul>
 */
final class Items {

    private static final String[] WORDS = ("the order was shipped from our warehouse in two boxes and the customer asked"
            + " for a gift note on the second one please leave at the back door if nobody answers thanks again for"
            + " shopping with us express delivery tracking number returns accepted within thirty days").split(" ");
    private static final String[] TIERS = {"free", "silver", "gold", "platinum"};
    private static final String[] STATUSES = {"PENDING", "PAID", "SHIPPED", "DELIVERED", "RETURNED"};

    private Items() {
    }

    static List<Map<String, AttributeValue>> of(String kind, int count) {
        Random random = new Random(20261207L);
        List<Map<String, AttributeValue>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(switch (kind) {
                case "orders" -> order(i, random);
                case "payload" -> payload(i, random);
                default -> throw new IllegalArgumentException("unknown item kind '" + kind + "': orders or payload");
            });
        }
        return items;
    }

    private static Map<String, AttributeValue> order(int i, Random random) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(String.format(Locale.ROOT, "customer#%08d", random.nextInt(1_000_000))));
        item.put("sk", AttributeValue.fromS(String.format(Locale.ROOT, "order#%010d", i)));
        item.put("createdAt", AttributeValue.fromN(Long.toString(1_760_000_000_000L + random.nextInt(1_000_000_000))));
        item.put("status", AttributeValue.fromS(STATUSES[random.nextInt(STATUSES.length)]));
        item.put("total", AttributeValue.fromN(price(random)));
        Map<String, AttributeValue> customer = new LinkedHashMap<>();
        customer.put("name", AttributeValue.fromS(word(random) + " " + word(random)));
        customer.put("email", AttributeValue.fromS(word(random) + "." + word(random) + i + "@example.com"));
        customer.put("tier", AttributeValue.fromS(TIERS[random.nextInt(TIERS.length)]));
        item.put("customer", AttributeValue.fromM(customer));
        List<AttributeValue> lines = new ArrayList<>();
        for (int l = 0, n = 1 + random.nextInt(4); l < n; l++) {
            lines.add(AttributeValue.fromM(Map.of(
                    "sku", AttributeValue.fromS(String.format(Locale.ROOT, "SKU-%06d", random.nextInt(100_000))),
                    "qty", AttributeValue.fromN(Integer.toString(1 + random.nextInt(5))),
                    "price", AttributeValue.fromN(price(random)))));
        }
        item.put("lines", AttributeValue.fromL(lines));
        item.put("tags", AttributeValue.fromSs(List.of(word(random), word(random) + "-" + i)));
        StringBuilder note = new StringBuilder();
        for (int w = 0, n = 8 + random.nextInt(24); w < n; w++) {
            note.append(w == 0 ? "" : " ").append(word(random));
        }
        item.put("note", AttributeValue.fromS(note.toString()));
        item.put("gift", AttributeValue.fromBool(random.nextBoolean()));
        item.put("coupon", AttributeValue.fromNul(true));
        return item;
    }

    private static Map<String, AttributeValue> payload(int i, Random random) {
        byte[] payload = new byte[160];
        random.nextBytes(payload);
        return Map.of(
                "pk", AttributeValue.fromS(String.format(Locale.ROOT, "item-%010d", i)),
                "n", AttributeValue.fromN(Integer.toString(i)),
                "payload", AttributeValue.fromB(SdkBytes.fromByteArray(payload)));
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static String price(Random random) {
        int cents = 100 + random.nextInt(50_000);
        return cents / 100 + "." + String.format(Locale.ROOT, "%02d", cents % 100);
    }
}
