package dev.rehearsal.core.format;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.io.CountingOutputStream;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.StoreOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one segment's items as data objects: newline-terminated JSON lines, compressed, with the
 * SHA-256 of the stored bytes taken on the way out. A new object (part) starts once the current one
 * holds {@code maxObjectBytes} of uncompressed lines, so no object grows without bound.
 *
 * <p>Not thread-safe: one writer per segment, used by the thread that reads that segment.
 */
public final class SegmentWriter {

    private static final int BUFFER = 64 * 1024;

    private final BackupStore store;
    private final BackupRef backup;
    private final int segment;
    private final Compression compression;
    private final long maxObjectBytes;
    private final List<Manifest.DataObject> objects = new ArrayList<>();
    private final List<String> startedKeys = new ArrayList<>();

    private Open current;
    private long uncompressedBytes;

    public SegmentWriter(BackupStore store, BackupRef backup, int segment, Compression compression, long maxObjectBytes) {
        if (maxObjectBytes <= 0) {
            throw new IllegalArgumentException("maxObjectBytes must be positive, was " + maxObjectBytes);
        }
        this.store = store;
        this.backup = backup;
        this.segment = segment;
        this.compression = compression;
        this.maxObjectBytes = maxObjectBytes;
    }

    /** Appends one item's JSON line (without its newline). */
    public void write(byte[] line) throws IOException {
        if (current == null) {
            current = open(objects.size());
        }
        current.lines.write(line);
        current.lines.write('\n');
        current.items++;
        current.lineBytes += line.length + 1;
        // Counted here, above the buffer, so that a part ends as soon as it holds maxObjectBytes.
        if (current.lineBytes >= maxObjectBytes) {
            closeCurrent();
        }
    }

    /** Stores the last object and returns every object of this segment. */
    public List<Manifest.DataObject> finish() throws IOException {
        if (current != null) {
            closeCurrent();
        }
        return List.copyOf(objects);
    }

    /** Discards the object being written. Objects already stored stay; see {@link #startedKeys()}. */
    public void abort() {
        if (current != null) {
            current.output.abort();
            current = null;
        }
    }

    /** Keys of every object this writer started, stored or not: what clean-up of a failed attempt removes. */
    public List<String> startedKeys() {
        return List.copyOf(startedKeys);
    }

    public long uncompressedBytes() {
        return uncompressedBytes + (current == null ? 0 : current.lineBytes);
    }

    private Open open(int part) throws IOException {
        String name = StoreLayout.dataObjectName(segment, part, compression.extension());
        String key = StoreLayout.objectKey(backup, name);
        startedKeys.add(key);
        StoreOutput output = store.create(key);
        try {
            CountingOutputStream stored = new CountingOutputStream(output);
            MessageDigest sha = sha256();
            OutputStream compressed = compression.compress(new DigestOutputStream(stored, sha));
            return new Open(name, part, output, stored, sha, compressed, new BufferedOutputStream(compressed, BUFFER));
        } catch (IOException | RuntimeException e) {
            output.abort();
            throw e;
        }
    }

    private void closeCurrent() throws IOException {
        Open o = current;
        current = null;
        try {
            o.lines.flush();
            o.compressed.close(); // finishes the frame and closes the store output, which commits the object
        } catch (IOException | RuntimeException e) {
            o.output.abort();
            throw e;
        }
        uncompressedBytes += o.lineBytes;
        objects.add(new Manifest.DataObject(o.name, segment, o.part, o.items, o.stored.count(),
                HexFormat.of().formatHex(o.sha.digest())));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static final class Open {
        final String name;
        final int part;
        final StoreOutput output;
        final CountingOutputStream stored;
        final MessageDigest sha;
        final OutputStream compressed;
        final OutputStream lines;
        long items;
        long lineBytes;

        Open(String name, int part, StoreOutput output, CountingOutputStream stored, MessageDigest sha,
                OutputStream compressed, OutputStream lines) {
            this.name = name;
            this.part = part;
            this.output = output;
            this.stored = stored;
            this.sha = sha;
            this.compressed = compressed;
            this.lines = lines;
        }
    }
}
