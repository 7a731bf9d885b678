package dev.rehearsal.bench;

import dev.rehearsal.core.testing.TestTables;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Creates a table and fills it with parallel BatchWriteItem calls (25 items each, unprocessed
 * items retried): {@code --items} items of about {@code --item-bytes} bytes, keyed {@code item-<n>}.
 * Runs in its own JVM with a normal heap; the loading is not measured, only reported.
 */
public final class Loader {

    private static final int BATCH = 25;

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("endpoint", "table", "items", "item-bytes", "threads"));
        DynamoEndpoint endpoint = new DynamoEndpoint(URI.create(flags.required("endpoint")));
        String table = flags.required("table");
        long items = flags.number("items", 200_000);
        int itemBytes = flags.integer("item-bytes", 200);
        int threads = Math.max(1, flags.integer("threads", 4));
        if (itemBytes < 48 || itemBytes > 350_000) {
            throw new IllegalArgumentException("--item-bytes must be between 48 and 350000, was " + itemBytes);
        }

        try (DynamoDbClient client = endpoint.client()) {
            TestTables.createSimple(client, table);
            long started = System.nanoTime();
            AtomicLong next = new AtomicLong();
            AtomicLong written = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long first;
                    while ((first = next.getAndAdd(BATCH)) < items) {
                        long end = Math.min(items, first + BATCH);
                        List<Map<String, AttributeValue>> batch = new ArrayList<>(BATCH);
                        for (long n = first; n < end; n++) {
                            batch.add(TestTables.item(n, itemBytes));
                        }
                        TestTables.put(client, table, batch);
                        written.addAndGet(batch.size());
                    }
                    return null;
                }));
            }
            long lastReport = System.nanoTime();
            for (Future<?> w : workers) {
                while (true) {
                    try {
                        w.get(5, TimeUnit.SECONDS);
                        break;
                    } catch (TimeoutException e) {
                        long now = System.nanoTime();
                        if (now - lastReport > 10_000_000_000L) {
                            System.out.printf("  %s: %,d of %,d items written%n", table, written.get(), items);
                            lastReport = now;
                        }
                    }
                }
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;
            TableDescription described = client.describeTable(r -> r.tableName(table)).table();
            System.out.printf("Loaded %s: %,d items of ~%d bytes in %.1f s (%,.0f items/s, %d threads);"
                            + " DescribeTable reports %,d items, %,d bytes%n",
                    table, written.get(), itemBytes, seconds, written.get() / seconds, threads,
                    described.itemCount(), described.tableSizeBytes());
        }
    }
}
