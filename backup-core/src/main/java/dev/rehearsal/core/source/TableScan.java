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

    @Override
    void close();
}
