package dev.rehearsal.core.backup;

import dev.rehearsal.core.format.Compression;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.store.BackupStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything one backup needs, resolved up front.
 *
 * @param source         where to read the table
 * @param table          the table's name in the source
 * @param store          where to write the backup
 * @param scan           how to read (segments, consistency, read-rate limit, retries)
 * @param compression    how to compress data objects
 * @param maxObjectBytes uncompressed bytes after which a segment starts a new data object
 * @param parallelism    how many segments are read at once; 0 for {@link BackupRunner#DEFAULT_PARALLELISM}
 * @param allowEmpty     whether a table with no items may be committed (see {@link BackupRunner})
 * @param progress       counters the caller may read while the backup runs
 * @param clock          the clock that names the backup and stamps its manifest
 */
public record BackupRequest(
        TableSource source,
        String table,
        BackupStore store,
        ScanOptions scan,
        Compression compression,
        long maxObjectBytes,
        int parallelism,
        boolean allowEmpty,
        BackupProgress progress,
        Clock clock) {

    public static final long DEFAULT_MAX_OBJECT_BYTES = 128L * 1024 * 1024;

    public BackupRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(store, "store");
        scan = scan == null ? ScanOptions.defaults() : scan;
        compression = compression == null ? Compression.ZSTD : compression;
        if (maxObjectBytes <= 0) {
            throw new IllegalArgumentException("maxObjectBytes must be positive, was " + maxObjectBytes);
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (the default) or positive, was " + parallelism);
        }
        progress = progress == null ? new BackupProgress() : progress;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** A request with the defaults: automatic segments, zstd, 128 MiB objects, empty tables refused. */
    public static BackupRequest of(TableSource source, String table, BackupStore store) {
        return new BackupRequest(source, table, store, ScanOptions.defaults(), Compression.ZSTD,
                DEFAULT_MAX_OBJECT_BYTES, 0, false, new BackupProgress(), Clock.systemUTC());
    }

    public BackupRequest withScan(ScanOptions options) {
        return new BackupRequest(source, table, store, options, compression, maxObjectBytes, parallelism, allowEmpty, progress, clock);
    }

    public BackupRequest withCompression(Compression c) {
        return new BackupRequest(source, table, store, scan, c, maxObjectBytes, parallelism, allowEmpty, progress, clock);
    }

    public BackupRequest withMaxObjectBytes(long bytes) {
        return new BackupRequest(source, table, store, scan, compression, bytes, parallelism, allowEmpty, progress, clock);
    }

    public BackupRequest withParallelism(int threads) {
        return new BackupRequest(source, table, store, scan, compression, maxObjectBytes, threads, allowEmpty, progress, clock);
    }

    public BackupRequest withAllowEmpty(boolean allow) {
        return new BackupRequest(source, table, store, scan, compression, maxObjectBytes, parallelism, allow, progress, clock);
    }

    public BackupRequest withProgress(BackupProgress p) {
        return new BackupRequest(source, table, store, scan, compression, maxObjectBytes, parallelism, allowEmpty, p, clock);
    }

    public BackupRequest withClock(Clock c) {
        return new BackupRequest(source, table, store, scan, compression, maxObjectBytes, parallelism, allowEmpty, progress, c);
    }
}
