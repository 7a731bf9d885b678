package dev.rehearsal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write limit a restore is measured against: the backup's items, already decoded into write
 * requests in memory, sent with parallel BatchWriteItem calls of 25 through the same kind of
 * client, resending whatever comes back unprocessed. Nothing is read, checked or decoded while it
 * runs, so whatever a restore does beyond this is its overhead.
 */
final class RawLoad {

    static final int BATCH = 25;

    private final DynamoDbClient client;
    private final List<List<WriteRequest>> batches;
    private final long items;

    /** {@code requests} are split into batches of 25 once, here, so that a timed run only writes. */
    RawLoad(DynamoDbClient client, List<WriteRequest> requests) {
        this.client = client;
        List<List<WriteRequest>> split = new ArrayList<>();
        for (int i = 0; i < requests.size(); i += BATCH) {
            split.add(List.copyOf(requests.subList(i, Math.min(requests.size(), i + BATCH))));
        }
        this.batches = List.copyOf(split);
        this.items = requests.size();
    }

    long items() {
        return items;
    }

    /** Writes every item into {@code table}, which must exist, with {@code threads} callers; returns the items written. */
    long run(String table, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long written = 0;
                    int i;
                    while ((i = next.getAndIncrement()) < batches.size()) {
                        written += write(table, batches.get(i));
                    }
                    return written;
                }));
            }
            long written = 0;
            for (Future<Long> f : workers) {
                try {
                    written += f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("raw load into table '" + table + "' failed: " + e.getCause(), e.getCause());
                }
            }
            return written;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One batch, resent until nothing is unprocessed; a short pause between resends, as any sane loader has. */
    private long write(String table, List<WriteRequest> batch) throws InterruptedException {
        List<WriteRequest> pending = batch;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round > 0) {
                Thread.sleep(Math.min(1_000, 10L << Math.min(round, 6)));
            }
            Map<String, List<WriteRequest>> request = Map.of(table, pending);
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
        }
        return batch.size();
    }
}
