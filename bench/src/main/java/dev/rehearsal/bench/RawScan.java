package dev.rehearsal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The read limit a backup is measured against: the same parallel Scan, one thread per segment,
 * through the same client, that only counts the items it receives. Whatever a backup does beyond
 * this (encoding, hashing, compressing, storing) is its overhead.
 */
final class RawScan {

    private final DynamoDbClient client;

    RawScan(DynamoDbClient client) {
        this.client = client;
    }

    /** Reads every item of {@code table} in {@code segments} parallel segments and returns how many there were. */
    long run(String table, int segments) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                futures.add(pool.submit(() -> segment(table, segment, segments)));
            }
            long items = 0;
            for (Future<Long> f : futures) {
                try {
                    items += f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("raw scan of table '" + table + "' failed: " + e.getCause(), e.getCause());
                }
            }
            return items;
        } finally {
            pool.shutdownNow();
        }
    }

    private long segment(String table, int segment, int segments) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(table);
        if (segments > 1) {
            request.segment(segment).totalSegments(segments);
        }
        long items = 0;
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = client.scan(request.exclusiveStartKey(start).build());
            items += page.items().size();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
