package dev.rehearsal.core.source.dynamodb;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.io.RateLimiter;
import dev.rehearsal.core.io.Retrier;
import dev.rehearsal.core.source.ItemSink;
import dev.rehearsal.core.source.ReadLimit;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableScan;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A parallel Scan: segment {@code i} of {@code n} pages through the table with
 * ExclusiveStartKey, each page retried as a whole (the same start key again, so no item is read
 * twice into the segment), the rate limit paid after each page.
 */
final class DynamoDbScan implements TableScan {

    static final String NOTE = "A DynamoDB Scan is not a point-in-time snapshot: items written, changed or deleted"
            + " while the backup ran may or may not be included. Use PITR or an on-demand backup where one"
            + " instant is needed.";

    private final DynamoDbClient client;
    private final SourceInfo info;
    private final String table;
    private final int segments;
    private final ScanOptions options;
    private final RateLimiter limiter;
    private final Retrier retrier;

    DynamoDbScan(DynamoDbClient client, SourceInfo info, String table, int segments, ScanOptions options) {
        this.client = client;
        this.info = info;
        this.table = table;
        this.segments = segments;
        this.options = options;
        this.limiter = options.readLimit().limited() ? new RateLimiter(options.readLimit().perSecond()) : null;
        this.retrier = new Retrier(options.backoff(), DynamoDbErrors::isTransient);
    }

    @Override
    public int segments() {
        return segments;
    }

    @Override
    public Manifest.Scan mode() {
        return new Manifest.Scan("parallel-scan", segments, options.consistentRead(), false, NOTE);
    }

    @Override
    public void read(int segment, ItemSink sink) throws IOException, InterruptedException {
        if (segment < 0 || segment >= segments) {
            throw new IllegalArgumentException("segment " + segment + " of " + segments);
        }
        boolean countCapacity = options.readLimit().unit() == ReadLimit.Unit.CAPACITY_UNITS && limiter != null;
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table)
                .consistentRead(options.consistentRead())
                .returnConsumedCapacity(countCapacity ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE);
        if (segments > 1) {
            request.segment(segment).totalSegments(segments);
        }
        if (options.pageSize() > 0) {
            request.limit(options.pageSize());
        }
        DynamoDbCanonical canonical = new DynamoDbCanonical();
        Map<String, AttributeValue> start = null;
        do {
            if (Thread.interrupted()) {
                throw new InterruptedException("scan of segment " + segment + " of " + table + " interrupted");
            }
            ScanRequest page = request.exclusiveStartKey(start).build();
            ScanResponse response = DynamoDbTableSource.call(info, table, "scan of segment " + segment, retrier,
                    () -> client.scan(page));
            for (Map<String, AttributeValue> item : response.items()) {
                sink.accept(DynamoDbJson.itemLine(item), canonical.hash(item));
            }
            if (limiter != null) {
                limiter.acquire(countCapacity
                        ? (response.consumedCapacity() == null ? 0 : response.consumedCapacity().capacityUnits())
                        : response.count());
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }

    @Override
    public void close() {
        // A DynamoDB scan holds nothing between pages.
    }
}
