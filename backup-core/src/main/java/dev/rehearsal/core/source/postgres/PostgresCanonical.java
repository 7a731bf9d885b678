package dev.rehearsal.core.source.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical encoding of a PostgreSQL row (docs/FORMAT.md, "Canonical row encoding"): the
 * columns sorted by the bytes of their UTF-8 names, each as its name and its text value.
 * Lengths and counts are 32-bit big-endian.
 *
 * <pre>
 * 'R' count ( len name-utf8  ( 'T' len value-utf8 | 'z' ) )*
 * </pre>
 *
 * Not thread-safe: one instance per thread.
 */
public final class PostgresCanonical {

    private final MessageDigest sha256;
    private final byte[][] names;
    private final int[] order;
    private byte[] buf = new byte[1024];
    private int len;

    /** For rows of {@code columns}, in the order their values will be given. */
    public PostgresCanonical(List<String> columns) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
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
        sha256.update(buf, 0, len);
        return sha256.digest();
    }

    /** The canonical encoding itself, for test vectors. */
    public byte[] encode(String[] values) {
        encodeInto(values);
        return Arrays.copyOf(buf, len);
    }

    private void encodeInto(String[] values) {
        if (values.length != names.length) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + names.length + " columns");
        }
        len = 0;
        put((byte) 'R');
        int32(names.length);
        for (int c : order) {
            bytes(names[c]);
            if (values[c] == null) {
                put((byte) 'z');
            } else {
                put((byte) 'T');
                bytes(values[c].getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void int32(int n) {
        ensure(4);
        buf[len++] = (byte) (n >>> 24);
        buf[len++] = (byte) (n >>> 16);
        buf[len++] = (byte) (n >>> 8);
        buf[len++] = (byte) n;
    }

    private void bytes(byte[] b) {
        int32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
