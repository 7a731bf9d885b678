package dev.rehearsal.core.source;

import dev.rehearsal.core.format.Manifest;
import java.io.IOException;

/** A table being read in segments; segments may be read concurrently, each by one thread. */
public interface TableScan extends AutoCloseable {

    /** How many segments the table is split into. */
    int segments();

    /** How this scan reads, for the manifest. */
    Manifest.Scan mode();

    /**
     * Reads every item of one segment, in order, into {@code sink}. Returns when the segment is done;
     * throws {@link SourceException} when the source fails, and passes on what the sink throws.
     */
    void read(int segment, ItemSink sink) throws IOException, InterruptedException;

    /**
     * Reads only the hashes of one segment's items, for a content digest: the same hashes
     * {@link #read} gives, without the lines, which an engine may then skip encoding.
     */
    default void readHashes(int segment, HashSink sink) throws IOException, InterruptedException {
        read(segment, (line, hash) -> sink.accept(hash));
    }

    /** Receives a segment's item hashes. */
    @FunctionalInterface
    interface HashSink {
        /** @param hash the SHA-256 of an item's canonical encoding, 32 bytes */
        void accept(byte[] hash) throws IOException;
    }

    @Override
    void close();
}
