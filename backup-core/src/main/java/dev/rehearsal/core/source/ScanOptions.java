package dev.rehearsal.core.source;

import dev.rehearsal.core.io.Backoff;

/**
 * How to read a table.
 *
 * @param segments       how many parallel segments; 0 lets the source choose from the table's size
 * @param consistentRead strongly consistent reads, where the engine offers a choice
 * @param readLimit      an upper bound on the read rate, or {@link ReadLimit#UNLIMITED}
 * @param pageSize       items per request; 0 for the engine's default
 * @param backoff        how throttled or failed requests are retried
 */
public record ScanOptions(int segments, boolean consistentRead, ReadLimit readLimit, int pageSize, Backoff backoff) {

    public ScanOptions {
        if (segments < 0) {
            throw new IllegalArgumentException("segments must be 0 (automatic) or positive, was " + segments);
        }
        if (pageSize < 0) {
            throw new IllegalArgumentException("pageSize must be 0 (default) or positive, was " + pageSize);
        }
        readLimit = readLimit == null ? ReadLimit.UNLIMITED : readLimit;
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
    }

    public static ScanOptions defaults() {
        return new ScanOptions(0, false, ReadLimit.UNLIMITED, 0, Backoff.DEFAULT);
    }

    public ScanOptions withSegments(int n) {
        return new ScanOptions(n, consistentRead, readLimit, pageSize, backoff);
    }

    public ScanOptions withConsistentRead(boolean consistent) {
        return new ScanOptions(segments, consistent, readLimit, pageSize, backoff);
    }

    public ScanOptions withReadLimit(ReadLimit limit) {
        return new ScanOptions(segments, consistentRead, limit, pageSize, backoff);
    }

    public ScanOptions withPageSize(int size) {
        return new ScanOptions(segments, consistentRead, readLimit, size, backoff);
    }

    public ScanOptions withBackoff(Backoff b) {
        return new ScanOptions(segments, consistentRead, readLimit, pageSize, b);
    }
}
