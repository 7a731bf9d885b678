package dev.rehearsal.core.backup;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.format.SegmentWriter;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.StoredObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up one table: describe it, read its segments in parallel into data objects, then write the
 * manifest. Memory stays bounded whatever the table's size: each segment holds one page of items
 * and one compressor's buffers at a time, and the store streams objects out.
 *
 * <p>Any failure discards what the attempt wrote and throws; no manifest is written, so the
 * attempt is never listed as restorable. A table with no items is refused unless the request
 * allows it: after an accidental mass delete, an empty backup would become the newest one and let
 * retention age out the good ones.
 */
public final class BackupRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);
    private static final String WRITER = "rehearsal " + version();

    /**
     * Segments read at once unless the request says otherwise. Memory grows with it, not with the
     * table: each reading thread holds one page and one open data object, which on S3 buffers up to
     * a part (8 MiB by default). Four keeps a backup within a 128 MiB heap on either store and
     * leaves read capacity for production; segments beyond it wait their turn.
     */
    public static final int DEFAULT_PARALLELISM = 4;

    /** Backs up a table: prepare, read every segment in parallel, commit. */
    public BackupResult run(BackupRequest request) throws BackupFailedException, InterruptedException {
        long startNanos = System.nanoTime();
        PreparedBackup prepared = prepare(request);
        List<SegmentWriter> writers = new ArrayList<>();
        try {
            List<SegmentResult> results;
            TableDescription description = description(request, prepared);
            try (TableScan scan = request.source().openScan(description, request.scan().withSegments(prepared.segments()))) {
                for (int s = 0; s < prepared.segments(); s++) {
                    writers.add(new SegmentWriter(request.store(), prepared.ref(), s, request.compression(),
                            request.maxObjectBytes()));
                }
                results = readSegments(request, scan, writers, prepared.ref());
            }
            return commit(request, prepared, results, Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (InterruptedException e) {
            writers.forEach(SegmentWriter::abort);
            discard(request, prepared);
            log.warn("Backup {} interrupted; nothing was committed", prepared.ref());
            throw e;
        } catch (BackupFailedException e) {
            writers.forEach(SegmentWriter::abort);
            discard(request, prepared);
            throw e;
        } catch (Exception e) {
            writers.forEach(SegmentWriter::abort);
            discard(request, prepared);
            throw failed(request, prepared.ref(), e);
        }
    }

    /**
     * Describes the table, checks the store can be written, and names the backup. Nothing is
     * written yet; a table that does not exist or a store that cannot be used fails here, before
     * any scan.
     */
    public PreparedBackup prepare(BackupRequest request) throws BackupFailedException {
        SourceInfo source = request.source().info();
        Instant started = request.clock().instant();
        TableDescription description;
        try {
            description = request.source().describe(request.table());
            request.store().probe();
        } catch (SourceException | IOException e) {
            throw new BackupFailedException(what(request) + " failed: " + e.getMessage(), e);
        }
        BackupRef ref = new BackupRef(source.name(), request.table(), BackupId.at(started));
        try (TableScan scan = request.source().openScan(description, request.scan())) {
            request.progress().start(scan.segments(), description.approximateItems());
            log.info("Backup {} started: {} segment(s), about {} items", ref, scan.segments(), description.approximateItems());
            return new PreparedBackup(ref, scan.segments(), scan.mode(), description.schema(),
                    description.approximateItems(), started);
        } catch (RuntimeException e) {
            throw failed(request, ref, e);
        }
    }

    /**
     * Reads one segment of a prepared backup into its data objects. Objects an earlier attempt at the
     * same segment left (one whose process died) are removed first, so that only this attempt's are
     * there. On failure or interruption the segment's objects are removed and the error thrown; the
     * backup as a whole can then only be discarded, or the segment read again.
     */
    public SegmentResult readSegment(BackupRequest request, PreparedBackup prepared, int segment)
            throws BackupFailedException, InterruptedException {
        SegmentWriter writer = new SegmentWriter(request.store(), prepared.ref(), segment, request.compression(),
                request.maxObjectBytes());
        try (TableScan scan = request.source().openScan(description(request, prepared),
                request.scan().withSegments(prepared.segments()))) {
            String earlier = StoreLayout.dataPrefix(prepared.ref()) + String.format("%05d-", segment);
            for (StoredObject o : request.store().list(earlier)) {
                request.store().delete(o.key());
            }
            return readSegment(request, scan, writer, segment);
        } catch (InterruptedException e) {
            writer.abort();
            removeStarted(request, writer);
            throw e;
        } catch (Exception e) {
            writer.abort();
            removeStarted(request, writer);
            throw failed(request, prepared.ref(), e);
        }
    }

    private static void removeStarted(BackupRequest request, SegmentWriter writer) {
        for (String key : writer.startedKeys()) {
            try {
                request.store().delete(key);
            } catch (IOException ignored) {
                // Never listed without a manifest; the discard of the whole attempt retries.
            }
        }
    }

    /**
     * Writes the manifest once every segment is stored, which commits the backup. Refuses a result
     * set that is missing a segment or holds one twice, and an empty table unless allowed.
     */
    public BackupResult commit(BackupRequest request, PreparedBackup prepared, List<SegmentResult> results,
            Duration took) throws BackupFailedException {
        BackupRef ref = prepared.ref();
        try {
            List<SegmentResult> sorted = new ArrayList<>(results);
            sorted.sort(Comparator.comparingInt(SegmentResult::segment));
            for (int s = 0; s < prepared.segments(); s++) {
                if (s >= sorted.size() || sorted.get(s).segment() != s) {
                    throw new IllegalStateException("segment " + s + " of " + prepared.segments()
                            + " is missing or duplicated among the results");
                }
            }
            if (sorted.size() != prepared.segments()) {
                throw new IllegalStateException(sorted.size() + " segment results for " + prepared.segments() + " segments");
            }
            ContentDigest.Accumulator total = new ContentDigest.Accumulator();
            List<Manifest.DataObject> objects = new ArrayList<>();
            long uncompressed = 0;
            for (SegmentResult r : sorted) {
                total.merge(r.digest());
                objects.addAll(r.objects());
                uncompressed += r.uncompressedBytes();
            }
            objects.sort(Comparator.comparingInt(Manifest.DataObject::segment).thenComparingInt(Manifest.DataObject::part));
            if (total.items() == 0 && !request.allowEmpty()) {
                throw new EmptyTableException("table '" + request.table() + "' is empty; an empty backup is not"
                        + " committed unless allow-empty is set, so that it can never replace good backups");
            }
            SourceInfo source = request.source().info();
            long storedBytes = objects.stream().mapToLong(Manifest.DataObject::bytes).sum();
            Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.VERSION, ref.id().value(),
                    new Manifest.Source(source.name(), source.kind(), source.endpoint(), source.region()),
                    new Manifest.Table(request.table(), prepared.schema()),
                    prepared.scan(), prepared.startedAt(), request.clock().instant(), request.compression().id(), objects,
                    new Manifest.Totals(total.items(), storedBytes, uncompressed), total.digest(), WRITER, null);
            new BackupRepository(request.store()).commit(ref, manifest);
            log.info("Backup {} committed: {} items, {} objects, {} bytes stored, in {} ms",
                    ref, total.items(), objects.size(), storedBytes, took.toMillis());
            return new BackupResult(ref, manifest, took);
        } catch (Exception e) {
            discard(request, prepared);
            throw failed(request, ref, e);
        }
    }

    /** Removes everything a prepared backup that will not commit stored; it never had a manifest. */
    public void discard(BackupRequest request, PreparedBackup prepared) {
        BackupRepository repository = new BackupRepository(request.store());
        try {
            repository.discardIncomplete(prepared.ref());
        } catch (IOException | RuntimeException e) {
            log.warn("Backup {} failed and its partial objects could not all be removed from {} ({}); they are never"
                    + " listed as restorable and the janitor removes them later", prepared.ref(),
                    repository.store().name(), e.toString());
        }
    }

    private static TableDescription description(BackupRequest request, PreparedBackup prepared) {
        return new TableDescription(request.table(), prepared.schema(), prepared.approximateItems(), 0);
    }

    private static SegmentResult readSegment(BackupRequest request, TableScan scan, SegmentWriter writer, int segment)
            throws IOException, InterruptedException {
        ContentDigest.Accumulator digest = new ContentDigest.Accumulator();
        scan.read(segment, (line, hash) -> {
            writer.write(line);
            digest.add(hash);
            request.progress().add(1, line.length + 1);
        });
        List<Manifest.DataObject> objects = writer.finish();
        request.progress().segmentDone();
        return new SegmentResult(segment, objects, digest.digest(), writer.uncompressedBytes());
    }

    private static BackupFailedException failed(BackupRequest request, BackupRef ref, Exception e) {
        if (e instanceof BackupFailedException b) {
            return b;
        }
        BackupFailedException failed = new BackupFailedException(what(request) + " failed: " + reason(e), e);
        log.warn("Backup {} failed; nothing was committed: {}", ref, failed.getMessage());
        return failed;
    }

    private static String what(BackupRequest request) {
        return "backup of table '" + request.table() + "' from source '" + request.source().info().name()
                + "' to store " + request.store().name();
    }

    private List<SegmentResult> readSegments(BackupRequest request, TableScan scan, List<SegmentWriter> writers,
            BackupRef ref) throws Exception {
        int threads = Math.min(request.parallelism() > 0 ? request.parallelism() : DEFAULT_PARALLELISM, scan.segments());
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads("rehearsal-backup-" + ref.table()));
        try {
            List<Future<SegmentResult>> futures = new ArrayList<>();
            for (int s = 0; s < scan.segments(); s++) {
                int segment = s;
                SegmentWriter writer = writers.get(s);
                futures.add(pool.submit(() -> readSegment(request, scan, writer, segment)));
            }
            List<SegmentResult> results = new ArrayList<>();
            for (Future<SegmentResult> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    Throwable cause = e.getCause();
                    throw cause instanceof Exception ex ? ex : new RuntimeException(cause);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                log.warn("Backup {}: segment readers still running two minutes after the backup ended", ref);
            }
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof SourceException || e instanceof EmptyTableException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    private static String version() {
        String v = BackupRunner.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The table had no items and the request did not allow an empty backup. */
    static final class EmptyTableException extends Exception {
        EmptyTableException(String message) {
            super(message);
        }
    }
}
