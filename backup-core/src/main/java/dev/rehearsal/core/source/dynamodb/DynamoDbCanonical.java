package dev.rehearsal.core.source.dynamodb;

import dev.rehearsal.core.format.CanonicalWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The canonical encoding of a DynamoDB item (docs/FORMAT.md, "Canonical item encoding"): equal
 * items encode to equal bytes whatever order their attributes and set members came in and however
 * their numbers were written. Each value is a one-byte tag and a payload; lengths and counts are
 * 32-bit big-endian.
 *
 * <pre>
 * 'S' len utf8        'N' len canonical-number     'B' len bytes
 * 's' count (len utf8)*   'n' count (len number)*   'b' count (len bytes)*   members sorted by bytes
 * 'M' count (len name value)*   entries sorted by name bytes
 * 'L' count value*    'z' (NULL)    'T' (true)    'F' (false)
 * </pre>
 *
 * An item is encoded as an 'M' value. Not thread-safe: one instance per thread.
 */
public final class DynamoDbCanonical {

    private final CanonicalWriter out = new CanonicalWriter();

    /** SHA-256 of the item's canonical encoding: its contribution to the content digest. */
    public byte[] hash(Map<String, AttributeValue> item) {
        out.reset();
        writeMap(item);
        return out.sha256();
    }

    /** The canonical encoding itself, for test vectors and for comparing items exactly. */
    public byte[] encode(Map<String, AttributeValue> item) {
        out.reset();
        writeMap(item);
        return out.toByteArray();
    }

    /**
     * A DynamoDB number in canonical form: zero is {@code 0}; otherwise the digits without trailing
     * zeros, {@code E}, and the exponent, so that {@code 1}, {@code 1.0} and {@code 1E0} all give
     * {@code 1E0}, {@code 100} gives {@code 1E2} and {@code -0.50} gives {@code -5E-1}.
     */
    public static String canonicalNumber(String number) {
        String plain = plainCanonicalNumber(number);
        if (plain != null) {
            return plain;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(number.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a DynamoDB number: '" + number + "'", e);
        }
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        return d.unscaledValue().toString() + "E" + (-(long) d.scale());
    }

    /**
     * The canonical form of the numbers DynamoDB returns almost always, {@code -?digits(.digits)?}
     * without an exponent, worked out on the characters: parsing each into a BigDecimal cost more
     * than the rest of the item's encoding. Null for any other spelling, which BigDecimal then reads.
     */
    private static String plainCanonicalNumber(String n) {
        int length = n.length();
        int start = length > 0 && n.charAt(0) == '-' ? 1 : 0;
        if (length - start == 0 || length > 64) {
            return null;
        }
        int point = -1;
        int first = -1; // the first non-zero digit
        int last = -1;  // the last non-zero digit
        for (int i = start; i < length; i++) {
            char c = n.charAt(i);
            if (c == '.' && point < 0) {
                point = i;
            } else if (c >= '1' && c <= '9') {
                if (first < 0) {
                    first = i;
                }
                last = i;
            } else if (c != '0') {
                return null;
            }
        }
        if (point == start && length - start == 1) {
            return null; // "." alone, or "-."
        }
        if (first < 0) {
            return "0";
        }
        // The value is unscaled x 10^exponent, where the exponent counts the places from the last
        // non-zero digit to the decimal point (which stands at the end if absent).
        int pointAt = point < 0 ? length : point;
        int exponent = last < pointAt ? pointAt - last - 1 : -(last - pointAt);
        StringBuilder out = new StringBuilder(last - first + 8);
        if (start == 1) {
            out.append('-');
        }
        for (int i = first; i <= last; i++) {
            char c = n.charAt(i);
            if (c != '.') {
                out.append(c);
            }
        }
        return out.append('E').append(exponent).toString();
    }

    private void writeValue(AttributeValue v) {
        switch (v.type()) {
            case S -> {
                out.tag('S');
                out.bytes(utf8(v.s()));
            }
            case N -> {
                out.tag('N');
                out.bytes(ascii(canonicalNumber(v.n())));
            }
            case B -> {
                out.tag('B');
                out.bytes(v.b().asByteArrayUnsafe());
            }
            case SS -> set('s', v.ss().stream().map(DynamoDbCanonical::utf8).toArray(byte[][]::new));
            case NS -> set('n', v.ns().stream().map(n -> ascii(canonicalNumber(n))).toArray(byte[][]::new));
            case BS -> set('b', v.bs().stream().map(SdkBytes::asByteArrayUnsafe).toArray(byte[][]::new));
            case M -> writeMap(v.m());
            case L -> {
                List<AttributeValue> list = v.l();
                out.tag('L');
                out.int32(list.size());
                for (AttributeValue e : list) {
                    writeValue(e);
                }
            }
            case NUL -> out.tag('z');
            case BOOL -> out.tag(v.bool() ? 'T' : 'F');
            default -> throw new IllegalArgumentException("attribute value of a type this SDK does not know: " + v);
        }
    }

    private void writeMap(Map<String, AttributeValue> map) {
        out.tag('M');
        out.int32(map.size());
        if (map.isEmpty()) {
            return;
        }
        Entry[] entries = new Entry[map.size()];
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
            entries[i++] = new Entry(utf8(e.getKey()), e.getValue());
        }
        Arrays.sort(entries, (a, b) -> Arrays.compareUnsigned(a.name, b.name));
        for (Entry e : entries) {
            out.bytes(e.name);
            writeValue(e.value);
        }
    }

    private void set(char tag, byte[][] members) {
        Arrays.sort(members, Arrays::compareUnsigned);
        out.tag(tag);
        out.int32(members.length);
        for (byte[] m : members) {
            out.bytes(m);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private record Entry(byte[] name, AttributeValue value) {
    }
}
