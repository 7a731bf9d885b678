package dev.rehearsal.core.source.mysql;

import dev.rehearsal.core.format.CanonicalWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical encoding of a MySQL row (docs/FORMAT.md, "MySQL canonical row encoding"): the
 * stored columns sorted by the bytes of their UTF-8 names, each as its name and its text value
 * (docs/FORMAT.md, "MySQL text values"). Lengths and counts are 32-bit big-endian.
 *
 * <pre>
 * 'R' count ( len name-utf8  ( 'T' len value-utf8 | 'z' ) )*
 * </pre>
 *
 * Not thread-safe: one instance per thread.
 */
public final class MySqlCanonical {

    private final CanonicalWriter out = new CanonicalWriter();
    private final byte[][] names;
    private final int[] order;

    /** For rows of {@code columns}, in the order their values will be given. */
    public MySqlCanonical(List<String> columns) {
        names = new byte[columns.size()][];
        Integer[] idx = new Integer[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = columns.get(i).getBytes(StandardCharsets.UTF_8);
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Arrays.compareUnsigned(names[a], names[b]));
        order = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** SHA-256 of the row's canonical encoding: its contribution to the content digest. */
    public byte[] hash(String[] values) {
        encodeInto(values);
        return out.sha256();
    }

    /** The canonical encoding itself, for test vectors. */
    public byte[] encode(String[] values) {
        encodeInto(values);
        return out.toByteArray();
    }

    private void encodeInto(String[] values) {
        if (values.length != names.length) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + names.length + " columns");
        }
        out.reset();
        out.tag('R');
        out.int32(names.length);
        for (int c : order) {
            out.bytes(names[c]);
            if (values[c] == null) {
                out.tag('z');
            } else {
                out.tag('T');
                out.bytes(values[c].getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
