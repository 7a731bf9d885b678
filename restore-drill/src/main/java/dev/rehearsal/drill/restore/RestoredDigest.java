package dev.rehearsal.drill.restore;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.drill.sink.RestoredTableReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The content digest of a restored table from a fresh, consistent scan: of all its segments at
 * once, or of one segment, for a worker; segment digests add up to the table's.
 */
public final class RestoredDigest {

    private RestoredDigest() {
    }

    /** Every segment of a fresh scan, each on a thread of its own. */
    public static ContentDigest all(RestoredTableReader reader, String table, int segments) throws InterruptedException {
        try (TableScan scan = open(reader, table, segments)) {
            ExecutorService pool = Executors.newFixedThreadPool(scan.segments());
            try {
                List<Future<ContentDigest.Accumulator>> parts = new ArrayList<>();
                for (int s = 0; s < scan.segments(); s++) {
                    int segment = s;
                    parts.add(pool.submit(() -> read(scan, segment)));
                }
                ContentDigest.Accumulator total = new ContentDigest.Accumulator();
                for (Future<ContentDigest.Accumulator> f : parts) {
                    total.merge(f.get());
                }
                return total.digest();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** One segment of a fresh scan in {@code segments} segments. */
    public static ContentDigest.Accumulator segment(RestoredTableReader reader, String table, int segments, int segment)
            throws Exception {
        try (TableScan scan = open(reader, table, segments)) {
            return read(scan, segment);
        }
    }

    private static TableScan open(RestoredTableReader reader, String table, int segments) {
        var description = reader.reader().describe(table);
        return reader.reader().openScan(description, ScanOptions.defaults().withSegments(segments).withConsistentRead(true));
    }

    private static ContentDigest.Accumulator read(TableScan scan, int segment) throws Exception {
        ContentDigest.Accumulator acc = new ContentDigest.Accumulator();
        scan.readHashes(segment, acc::add);
        return acc;
    }
}
