package dev.rehearsal.core.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The bytes of one canonical encoding (docs/FORMAT.md) as an engine writes them: one-byte tags,
 * 32-bit big-endian counts, and length-prefixed byte strings, into a buffer reused from one item
 * to the next. Each engine's canonical encoder decides what to write; this holds how it is written
 * and hashed. Not thread-safe: one instance per thread.
 */
public final class CanonicalWriter {

    private final MessageDigest sha256;
    private byte[] buf = new byte[1024];
    private int len;

    public CanonicalWriter() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Starts a new encoding, forgetting the previous one. */
    public void reset() {
        len = 0;
    }

    public void tag(char t) {
        ensure(1);
        buf[len++] = (byte) t;
    }

    /** A count or length: 32-bit big-endian. */
    public void int32(int n) {
        ensure(4);
        buf[len++] = (byte) (n >>> 24);
        buf[len++] = (byte) (n >>> 16);
        buf[len++] = (byte) (n >>> 8);
        buf[len++] = (byte) n;
    }

    /** A byte string: its length, then its bytes. */
    public void bytes(byte[] b) {
        int32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** A byte string given as a slice: its length, then those bytes. */
    public void bytes(byte[] b, int from, int length) {
        int32(length);
        ensure(length);
        System.arraycopy(b, from, buf, len, length);
        len += length;
    }

    /** SHA-256 of what was written since {@link #reset}. */
    public byte[] sha256() {
        sha256.update(buf, 0, len);
        return sha256.digest();
    }

    /** A copy of what was written since {@link #reset}. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
