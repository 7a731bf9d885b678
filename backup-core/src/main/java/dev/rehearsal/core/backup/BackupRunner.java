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

    public BackupResult run(BackupRequest request) throws BackupFailedException, InterruptedException {
        SourceInfo source = request.source().info();
        String what = "backup of table '" + request.table() + "' from source '" + source.name()
                + "' to store " + request.store().name();
        Instant started = request.clock().instant();
        long startNanos = System.nanoTime();

        TableDescription description;
        try {
            description = request.source().describe(request.table());
        } catch (SourceException e) {
            throw new BackupFailedException(what + " failed: " + e.getMessage(), e);
        }
        try {
            request.store().probe();
        } catch (IOException e) {
            throw new BackupFailedException(what + " failed: " + e.getMessage(), e);
        }

        BackupRef ref = new BackupRef(source.name(), request.table(), BackupId.at(started));
        BackupRepository repository = new BackupRepository(request.store());
        List<SegmentWriter> writers = new ArrayList<>();
        try (TableScan scan = request.source().openScan(description, request.scan())) {
            request.progress().start(scan.segments(), description.approximateItems());
            log.info("Backup {} started: {} segment(s), about {} items", ref, scan.segments(), description.approximateItems());
            for (int s = 0; s < scan.segments(); s++) {
                writers.add(new SegmentWriter(request.store(), ref, s, request.compression(), request.maxObjectBytes()));
            }
            List<ContentDigest.Accumulator> digests = readSegments(request, scan, writers, ref);

            ContentDigest.Accumulator total = new ContentDigest.Accumulator();
            digests.forEach(total::merge);
            List<Manifest.DataObject> objects = new ArrayList<>();
            long uncompressed = 0;
            for (SegmentWriter w : writers) {
                objects.addAll(w.finish());
                uncompressed += w.uncompressedBytes();
            }
            objects.sort(Comparator.comparingInt(Manifest.DataObject::segment).thenComparingInt(Manifest.DataObject::part));
            if (total.items() == 0 && !request.allowEmpty()) {
                throw new EmptyTableException("table '" + request.table() + "' is empty; an empty backup is not"
                        + " committed unless allow-empty is set, so that it can never replace good backups");
            }
            long storedBytes = objects.stream().mapToLong(Manifest.DataObject::bytes).sum();
            Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.VERSION, ref.id().value(),
                    new Manifest.Source(source.name(), source.kind(), source.endpoint(), source.region()),
                    new Manifest.Table(request.table(), description.schema()),
                    scan.mode(), started, request.clock().instant(), request.compression().id(), objects,
                    new Manifest.Totals(total.items(), storedBytes, uncompressed), total.digest(), WRITER, null);
            repository.commit(ref, manifest);
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            log.info("Backup {} committed: {} items, {} objects, {} bytes stored, in {} ms",
                    ref, total.items(), objects.size(), storedBytes, took.toMillis());
            return new BackupResult(ref, manifest, took);
        } catch (InterruptedException e) {
            discard(repository, ref, writers);
            log.warn("Backup {} interrupted; nothing was committed", ref);
            throw e;
        } catch (Exception e) {
            discard(repository, ref, writers);
            BackupFailedException failed = new BackupFailedException(what + " failed: " + reason(e), e);
            log.warn("Backup {} failed; nothing was committed: {}", ref, failed.getMessage());
            throw failed;
        }
    }

    private List<ContentDigest.Accumulator> readSegments(BackupRequest request, TableScan scan,
            List<SegmentWriter> writers, BackupRef ref) throws Exception {
        int threads = Math.min(request.parallelism() > 0 ? request.parallelism() : DEFAULT_PARALLELISM, scan.segments());
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads("rehearsal-backup-" + ref.table()));
        try {
            List<Future<ContentDigest.Accumulator>> futures = new ArrayList<>();
            for (int s = 0; s < scan.segments(); s++) {
                int segment = s;
                SegmentWriter writer = writers.get(s);
                futures.add(pool.submit(() -> {
                    ContentDigest.Accumulator digest = new ContentDigest.Accumulator();
                    scan.read(segment, (line, hash) -> {
                        writer.write(line);
                        digest.add(hash);
                        request.progress().add(1, line.length + 1);
                    });
                    writer.finish();
                    request.progress().segmentDone();
                    return digest;
                }));
            }
            List<ContentDigest.Accumulator> digests = new ArrayList<>();
            for (Future<ContentDigest.Accumulator> f : futures) {
                try {
                    digests.add(f.get());
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    Throwable cause = e.getCause();
                    throw cause instanceof Exception ex ? ex : new RuntimeException(cause);
                }
            }
            return digests;
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                log.warn("Backup {}: segment readers still running two minutes after the backup ended", ref);
            }
        }
    }

    /** Removes every object the attempt stored; the attempt never had a manifest, so nothing restorable is lost. */
    private static void discard(BackupRepository repository, BackupRef ref, List<SegmentWriter> writers) {
        writers.forEach(SegmentWriter::abort);
        try {
            repository.discardIncomplete(ref);
        } catch (IOException | RuntimeException e) {
            log.warn("Backup {} failed and its partial objects could not all be removed from {} ({}); they are never"
                    + " listed as restorable and the janitor removes them later", ref, repository.store().name(), e.toString());
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
