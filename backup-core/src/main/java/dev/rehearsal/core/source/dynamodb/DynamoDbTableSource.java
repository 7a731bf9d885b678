package dev.rehearsal.core.source.dynamodb;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.io.Retrier;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableProtection;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.source.TableSource;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * DynamoDB tables as a {@link TableSource}. Every call is retried with backoff and jitter on
 * throttling, 5xx and lost connections (the SDK's own retries are switched off in
 * {@link #connect}, so that there is one retry policy and tests can see it work).
 */
public final class DynamoDbTableSource implements TableSource {

    static final long MIB = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(DynamoDbTableSource.class);

    private final DynamoDbClient client;
    private final SourceInfo info;
    private final boolean ownsClient;
    private final Retrier retrier;
    private final AtomicBoolean tagWarning = new AtomicBoolean();

    /** Wraps a client the caller keeps and closes; describe and count retry with {@code backoff}. */
    public DynamoDbTableSource(DynamoDbClient client, SourceInfo info, Backoff backoff) {
        this(client, info, backoff, false);
    }

    private DynamoDbTableSource(DynamoDbClient client, SourceInfo info, Backoff backoff, boolean ownsClient) {
        this.client = client;
        this.info = info;
        this.ownsClient = ownsClient;
        this.retrier = new Retrier(backoff, DynamoDbErrors::isTransient);
    }

    /**
     * Builds a client for {@code endpoint} (null for the region's AWS endpoint) and owns it.
     *
     * @param name the configured source name, used in the layout and in messages
     */
    public static DynamoDbTableSource connect(String name, URI endpoint, Region region,
            AwsCredentialsProvider credentials, Backoff backoff) {
        return new DynamoDbTableSource(client(endpoint, region, credentials), info(name, endpoint, region), backoff, true);
    }

    /** What a source at {@code endpoint} (null for AWS's own) says about itself. */
    public static SourceInfo info(String name, URI endpoint, Region region) {
        if (endpoint != null && endpoint.getUserInfo() != null) {
            throw new IllegalArgumentException("endpoint of source '" + name + "' carries credentials in its URL;"
                    + " configure them as credentials instead, so that they never reach a manifest");
        }
        return new SourceInfo(name, "dynamodb",
                endpoint != null ? endpoint.toString() : "https://dynamodb." + region.id() + ".amazonaws.com",
                region.id());
    }

    /** A DynamoDB client with Rehearsal's timeouts and without SDK retries (ours wrap every call). */
    public static DynamoDbClient client(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        var builder = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(128)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(60)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public TableDescription describe(String table) {
        DescribeTableResponse described = call(table, "describe", () -> client.describeTable(r -> r.tableName(table)));
        var t = described.table();
        DynamoDbSchema.TimeToLive ttl = timeToLive(table);
        DynamoDbSchema schema = new DynamoDbSchema(
                t.tableName(),
                keys(t.keySchema()),
                t.attributeDefinitions().stream()
                        .map(a -> new DynamoDbSchema.AttributeDefinition(a.attributeName(), a.attributeTypeAsString()))
                        .toList(),
                t.billingModeSummary() != null ? t.billingModeSummary().billingModeAsString() : "PROVISIONED",
                isOnDemand(t.billingModeSummary() != null ? t.billingModeSummary().billingModeAsString() : null)
                        ? null : throughput(t.provisionedThroughput()),
                t.globalSecondaryIndexes().stream().map(this::index).toList(),
                t.localSecondaryIndexes().stream().map(this::index).toList(),
                ttl,
                t.streamSpecification() != null && Boolean.TRUE.equals(t.streamSpecification().streamEnabled())
                        ? new DynamoDbSchema.StreamSpecification(true, t.streamSpecification().streamViewTypeAsString())
                        : null,
                t.sseDescription() != null
                        ? new DynamoDbSchema.Sse(t.sseDescription().statusAsString(), t.sseDescription().sseTypeAsString(),
                                t.sseDescription().kmsMasterKeyArn())
                        : null,
                tags(table, t.tableArn()),
                Boolean.TRUE.equals(t.deletionProtectionEnabled()),
                t.tableClassSummary() != null ? t.tableClassSummary().tableClassAsString() : "STANDARD");
        return new TableDescription(table, ManifestCodec.mapper().valueToTree(schema),
                t.itemCount() == null ? 0 : t.itemCount(), t.tableSizeBytes() == null ? 0 : t.tableSizeBytes());
    }

    @Override
    public long count(String table) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = call(table, "count", () -> client.scan(r -> r.tableName(table).select(Select.COUNT)
                    .exclusiveStartKey(from)));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /**
     * Deletion protection from DescribeTable; point-in-time recovery from DescribeContinuousBackups,
     * or null where the endpoint does not answer it (the role may lack the permission).
     */
    @Override
    public TableProtection protection(String table) {
        var t = call(table, "describe", () -> client.describeTable(r -> r.tableName(table))).table();
        Boolean pitr;
        try {
            var d = call(table, "describe continuous backups",
                    () -> client.describeContinuousBackups(r -> r.tableName(table))).continuousBackupsDescription();
            pitr = d == null || d.pointInTimeRecoveryDescription() == null ? null
                    : d.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
        } catch (SourceException e) {
            log.debug("Point-in-time recovery of table '{}' is unknown: {}", table, e.getMessage());
            pitr = null;
        }
        return new TableProtection(Boolean.TRUE.equals(t.deletionProtectionEnabled()), pitr);
    }

    @Override
    public TableScan openScan(TableDescription table, ScanOptions options) {
        int segments = options.segments() > 0 ? options.segments() : defaultSegments(table.approximateBytes());
        return new DynamoDbScan(client, info, table.table(), segments, options);
    }

    /**
     * One segment per 16 MiB, at least 4 once the table holds a few MiB (parallelism pays even on
     * small tables) and at most 64 (beyond that a backup competes with production for capacity).
     */
    public static int defaultSegments(long tableBytes) {
        if (tableBytes < 4 * MIB) {
            return 1;
        }
        long bySize = (tableBytes + 16 * MIB - 1) / (16 * MIB);
        return (int) Math.max(4, Math.min(64, bySize));
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private DynamoDbSchema.TimeToLive timeToLive(String table) {
        TimeToLiveDescription ttl = call(table, "describe time-to-live",
                () -> client.describeTimeToLive(r -> r.tableName(table))).timeToLiveDescription();
        if (ttl == null || ttl.attributeName() == null) {
            return null;
        }
        return new DynamoDbSchema.TimeToLive(ttl.attributeName(), ttl.timeToLiveStatusAsString());
    }

    /**
     * The table's tags, or null when the source cannot tell: DynamoDB Local does not support tagging,
     * and a role may lack dynamodb:ListTagsOfResource. Neither is worth failing a backup for.
     */
    private Map<String, String> tags(String table, String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String next = null;
        try {
            do {
                String token = next;
                ListTagsOfResourceResponse page = call(table, "list tags",
                        () -> client.listTagsOfResource(r -> r.resourceArn(arn).nextToken(token)));
                for (Tag tag : page.tags()) {
                    tags.put(tag.key(), tag.value());
                }
                next = page.nextToken();
            } while (next != null);
        } catch (SourceException e) {
            if (e.getCause() instanceof AwsServiceException s && s.statusCode() == 400
                    && !s.isThrottlingException()
                    && (String.valueOf(s.getMessage()).contains("not currently supported")
                            || "AccessDeniedException".equals(s.awsErrorDetails().errorCode()))) {
                if (tagWarning.compareAndSet(false, true)) {
                    log.warn("Tags of tables in source '{}' ({}) are not recorded: {}", info.name(), info.endpoint(),
                            s.awsErrorDetails().errorMessage());
                }
                return null;
            }
            throw e;
        }
        return tags;
    }

    private DynamoDbSchema.Index index(GlobalSecondaryIndexDescription g) {
        return new DynamoDbSchema.Index(g.indexName(), keys(g.keySchema()), projection(g.projection()),
                g.provisionedThroughput() == null || g.provisionedThroughput().readCapacityUnits() == null
                        || g.provisionedThroughput().readCapacityUnits() == 0
                        ? null : throughput(g.provisionedThroughput()));
    }

    private DynamoDbSchema.Index index(LocalSecondaryIndexDescription l) {
        return new DynamoDbSchema.Index(l.indexName(), keys(l.keySchema()), projection(l.projection()), null);
    }

    private static List<DynamoDbSchema.KeyElement> keys(List<KeySchemaElement> keys) {
        return keys.stream().map(k -> new DynamoDbSchema.KeyElement(k.attributeName(), k.keyTypeAsString())).toList();
    }

    private static DynamoDbSchema.Projection projection(Projection p) {
        return new DynamoDbSchema.Projection(p.projectionTypeAsString(), p.nonKeyAttributes());
    }

    private static DynamoDbSchema.Throughput throughput(ProvisionedThroughputDescription p) {
        return new DynamoDbSchema.Throughput(p.readCapacityUnits(), p.writeCapacityUnits());
    }

    private static boolean isOnDemand(String billingMode) {
        return "PAY_PER_REQUEST".equals(billingMode);
    }

    private <T> T call(String table, String what, Supplier<T> call) {
        return call(info, table, what, retrier, call);
    }

    /** Runs {@code call} with retries and turns any failure into a {@link SourceException} naming the source and table. */
    static <T> T call(SourceInfo info, String table, String what, Retrier retrier, Supplier<T> call) {
        try {
            return retrier.call(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(where(info, table) + ": interrupted during " + what, e);
        } catch (ResourceNotFoundException e) {
            throw new SourceException(where(info, table) + ": table not found", e, true);
        } catch (RuntimeException e) {
            throw new SourceException(where(info, table) + ": " + what + " failed: " + DynamoDbErrors.reason(e), e);
        }
    }

    static String where(SourceInfo info, String table) {
        return "table '" + table + "' in source '" + info.name() + "' (dynamodb at " + info.endpoint()
                + ", region " + info.region() + ")";
    }
}
