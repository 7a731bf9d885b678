package dev.rehearsal.core.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads the lines of one data object while checking it against its manifest entry: the SHA-256 and
 * size of the stored bytes and the number of lines. A mismatch, or a stream that cannot be
 * decompressed, is a {@link FormatException} that names the object.
 *
 * <p>The checks complete when {@link #next()} returns {@code null}; a caller that must not act on
 * unverified data reads the whole object first.
 */
public final class DataObjectReader implements Closeable {

    private final Manifest.DataObject entry;
    private final String where;
    private final InputStream raw;
    private final MessageDigest sha = SegmentWriter.sha256();
    private final CountingInputStream stored;
    private final InputStream lines;
    // Lines are cut out of a buffer of decompressed bytes by hand: a byte-at-a-time read into a
    // ByteArrayOutputStream (both synchronized) cost more CPU than decompression and parsing together.
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private long items;
    private boolean done;

    /**
     * @param stored the object's stored bytes, as the store returns them
     * @param where  names the object in messages, for example {@code s3://bucket/prod/users/…/data/00000-00000.json.zst}
     */
    public DataObjectReader(InputStream stored, Manifest.DataObject entry, Compression compression, String where)
            throws IOException {
        this.entry = entry;
        this.where = where;
        this.raw = stored;
        this.stored = new CountingInputStream(new DigestInputStream(stored, sha));
        try {
            this.lines = compression.decompress(this.stored);
        } catch (IOException e) {
            stored.close();
            throw new FormatException("data object " + where + " cannot be decompressed as "
                    + compression.id() + ": " + e.getMessage(), e);
        }
    }

    /** The next line without its newline, or {@code null} after the last one once every check passed. */
    public byte[] next() throws IOException {
        if (done) {
            return null;
        }
        int length = 0;
        boolean newline = false;
        try {
            while (!newline) {
                if (position == limit && !fill()) {
                    break;
                }
                int end = position;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                int run = end - position;
                if (length + run > line.length) {
                    line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + run));
                }
                System.arraycopy(buffer, position, line, length, run);
                length += run;
                newline = end < limit;
                position = newline ? end + 1 : end;
            }
        } catch (IOException e) {
            throw new FormatException("data object " + where + " is corrupt or truncated: " + e.getMessage(), e);
        }
        if (!newline) {
            if (length > 0) {
                throw new FormatException("data object " + where + " ends inside a line (truncated)");
            }
            finish();
            return null;
        }
        items++;
        if (items > entry.items()) {
            throw new FormatException("data object " + where + " holds more items than the manifest's "
                    + entry.items());
        }
        return java.util.Arrays.copyOf(line, length);
    }

    /** Reads more decompressed bytes into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = lines.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void finish() throws IOException {
        done = true;
        // Drain anything after the compressed frame so that the checksum covers every stored byte.
        stored.transferTo(java.io.OutputStream.nullOutputStream());
        String actual = HexFormat.of().formatHex(sha.digest());
        if (stored.count() != entry.bytes()) {
            throw new FormatException("data object " + where + " is " + stored.count()
                    + " bytes, the manifest says " + entry.bytes());
        }
        if (!actual.equals(entry.sha256())) {
            throw new FormatException("data object " + where + " has SHA-256 " + actual
                    + ", the manifest says " + entry.sha256());
        }
        if (items != entry.items()) {
            throw new FormatException("data object " + where + " holds " + items
                    + " items, the manifest says " + entry.items());
        }
    }

    public long items() {
        return items;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
