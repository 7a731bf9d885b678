package dev.rehearsal.drill.dynamodb;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.io.Retrier;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.dynamodb.DynamoDbErrors;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.source.dynamodb.DynamoDbSchema;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.ItemCodec;
import dev.rehearsal.drill.sink.TableInfo;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.UndecodableLineException;
import dev.rehearsal.drill.sink.TargetExistsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import tools.jackson.databind.JsonNode;

/**
 * Restores into DynamoDB. Writes go through BatchWriteItem, 25 items a request; unprocessed items
 * and throttling are retried with backoff and jitter, and a throttle seen by one writer pauses all
 * of them ({@link Slowdown}), so a restore backs off as a whole instead of hammering the table.
 */
public final class DynamoDbTableSink implements TableSink {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DynamoDbTableSink.class);

    private static final int BATCH = 25;
    private static final Duration TABLE_WAIT = Duration.ofMinutes(30);

    private final DynamoDbClient client;
    private final SourceInfo info;
    private final SandboxGuard guard;
    private final Backoff backoff;
    private final Retrier retrier;
    private final Slowdown slowdown;
    private final DynamoDbTableSource reader;

    public DynamoDbTableSink(DynamoDbClient client, SourceInfo info, SandboxGuard guard, Backoff backoff) {
        this.client = client;
        this.info = info;
        this.guard = guard;
        this.backoff = backoff;
        this.retrier = new Retrier(backoff, DynamoDbTableSink::isTransient);
        this.slowdown = new Slowdown(backoff);
        this.reader = new DynamoDbTableSource(client, info, backoff);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public ItemCodec codec(JsonNode schema) {
        return new DynamoDbItemCodec(schema);
    }

    @Override
    public boolean exists(String table) {
        try {
            call(table, "describe", () -> client.describeTable(r -> r.tableName(table)));
            return true;
        } catch (DynamoDbSinkException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void create(String table, JsonNode schemaJson, Map<String, String> tags, boolean onDemand)
            throws InterruptedException {
        if (exists(table)) {
            throw new TargetExistsException(table, where());
        }
        DynamoDbSchema schema = schema(schemaJson);
        boolean provisioned = !onDemand && "PROVISIONED".equals(schema.billingMode()) && schema.provisionedThroughput() != null;
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table)
                .keySchema(keys(schema.keySchema()))
                .attributeDefinitions(schema.attributeDefinitions().stream().map(a -> AttributeDefinition.builder()
                        .attributeName(a.attributeName()).attributeType(a.attributeType()).build()).toList())
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST);
        if (provisioned) {
            request.provisionedThroughput(throughput(schema.provisionedThroughput()));
        }
        if (!schema.globalSecondaryIndexes().isEmpty()) {
            request.globalSecondaryIndexes(schema.globalSecondaryIndexes().stream().map(i -> {
                GlobalSecondaryIndex.Builder g = GlobalSecondaryIndex.builder().indexName(i.indexName())
                        .keySchema(keys(i.keySchema())).projection(projection(i.projection()));
                if (provisioned) {
                    g.provisionedThroughput(i.provisionedThroughput() != null ? throughput(i.provisionedThroughput())
                            : throughput(schema.provisionedThroughput()));
                }
                return g.build();
            }).toList());
        }
        if (!schema.localSecondaryIndexes().isEmpty()) {
            request.localSecondaryIndexes(schema.localSecondaryIndexes().stream().map(i -> LocalSecondaryIndex.builder()
                    .indexName(i.indexName()).keySchema(keys(i.keySchema())).projection(projection(i.projection()))
                    .build()).toList());
        }
        if (!tags.isEmpty()) {
            request.tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
        }
        CreateTableRequest built = request.build();
        try {
            call(table, "create", () -> client.createTable(built));
        } catch (DynamoDbSinkException e) {
            if (e.getCause() instanceof ResourceInUseException) {
                throw new TargetExistsException(table, where());
            }
            throw e;
        }
        waitFor(table, "ACTIVE", d -> d.tableStatus() == TableStatus.ACTIVE);
    }

    /** A line is a PutItem by its key: writing it twice leaves the item as writing it once. */
    @Override
    public boolean rewritesIdempotently() {
        return true;
    }

    @Override
    public void write(String table, List<byte[]> lines) throws InterruptedException {
        if (lines.size() > BATCH) {
            throw new IllegalArgumentException("at most " + BATCH + " items per write, got " + lines.size());
        }
        List<WriteRequest> pending = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            Map<String, AttributeValue> item;
            try {
                item = DynamoDbJson.parseItemLine(line);
            } catch (RuntimeException e) {
                throw new UndecodableLineException("a line is not a DynamoDB JSON item: " + e.getMessage(), e);
            }
            pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        int round = 0;
        while (!pending.isEmpty()) {
            slowdown.await();
            Map<String, List<WriteRequest>> request = Map.of(table, pending);
            BatchWriteItemResponse response;
            try {
                response = call(table, "batch write", () -> client.batchWriteItem(r -> r.requestItems(request)));
            } catch (DynamoDbSinkException e) {
                if (DynamoDbErrors.isThrottle(e.getCause())) {
                    slowdown.throttled(++round);
                    continue;
                }
                throw e;
            }
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (!unprocessed.isEmpty()) {
                // DynamoDB accepted part of the batch: the rest was throttled. Back off, then resend only the rest.
                slowdown.throttled(++round);
                if (round > 50) {
                    throw new DynamoDbSinkException(where(table) + ": " + unprocessed.size()
                            + " items still unprocessed after 50 rounds of backoff", null);
                }
            } else {
                slowdown.succeeded();
            }
            pending = new ArrayList<>(unprocessed);
        }
    }

    @Override
    public int maxBatch() {
        return BATCH;
    }

    @Override
    public List<String> finish(String table, JsonNode schemaJson) throws InterruptedException {
        DynamoDbSchema schema = schema(schemaJson);
        List<String> warnings = new ArrayList<>();
        if (schema.timeToLive() != null && schema.timeToLive().status() != null
                && schema.timeToLive().status().startsWith("ENABL")) {
            call(table, "enable time-to-live", () -> client.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(schema.timeToLive().attributeName()))));
        }
        if (schema.tags() != null && !schema.tags().isEmpty()) {
            String arn = call(table, "describe", () -> client.describeTable(r -> r.tableName(table))).table().tableArn();
            try {
                call(table, "tag", () -> client.tagResource(r -> r.resourceArn(arn).tags(schema.tags().entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
            } catch (DynamoDbSinkException e) {
                if (!tagsUnsupported(e.getCause())) {
                    throw e;
                }
                warnings.add("tags not applied to " + table + ": " + e.getCause().getMessage());
            }
        }
        waitFor(table, "every index ACTIVE", d -> d.tableStatus() == TableStatus.ACTIVE
                && d.globalSecondaryIndexes().stream().allMatch(g -> g.indexStatus() == IndexStatus.ACTIVE));
        return warnings;
    }

    @Override
    public List<String> schemaDifferences(JsonNode backupSchema, String table) {
        return DynamoDbSchemaComparison.differences(backupSchema, reader.describe(table).schema());
    }

    @Override
    public TableSource reader() {
        return reader;
    }

    @Override
    public Optional<byte[]> fetch(String table, JsonNode schema, byte[] line) {
        DynamoDbItemCodec codec = new DynamoDbItemCodec(schema);
        Map<String, AttributeValue> key = codec.keyOf(DynamoDbJson.parseItemLine(line));
        var response = call(table, "get item", () -> client.getItem(r -> r.tableName(table).key(key).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(DynamoDbJson.itemLine(response.item())) : Optional.empty();
    }

    @Override
    public List<TableInfo> list(String prefix) {
        List<TableInfo> tables = new ArrayList<>();
        for (String name : client.listTablesPaginator().tableNames()) {
            if (name.startsWith(prefix)) {
                try {
                    TableDescription d = client.describeTable(r -> r.tableName(name)).table();
                    tables.add(new TableInfo(name, d.creationDateTime()));
                } catch (ResourceNotFoundException gone) {
                    // Deleted between the listing and the describe.
                }
            }
        }
        return tables;
    }

    @Override
    public Optional<Map<String, String>> tags(String table) {
        String arn = call(table, "describe", () -> client.describeTable(r -> r.tableName(table))).table().tableArn();
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            String next = null;
            do {
                String token = next;
                var page = call(table, "list tags", () -> client.listTagsOfResource(r -> r.resourceArn(arn).nextToken(token)));
                page.tags().forEach(t -> tags.put(t.key(), t.value()));
                next = page.nextToken();
            } while (next != null);
            return Optional.of(tags);
        } catch (DynamoDbSinkException e) {
            if (tagsUnsupported(e.getCause())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void drop(SandboxTable table) throws InterruptedException {
        guard.authorizeDrop(table, tags(table.name()));
        deleteAndWait(table.name());
        guard.ledger().release(table.name());
    }

    @Override
    public void dropCreatedBy(String table, String restoreId) throws InterruptedException {
        RestoredTables.authorizeDrop(table, restoreId, tags(table), guard.ledger());
        deleteAndWait(table);
        guard.ledger().release(table);
    }

    @Override
    public boolean markPartial(String table, String restoreId) {
        try {
            String arn = call(table, "describe", () -> client.describeTable(r -> r.tableName(table))).table().tableArn();
            call(table, "tag", () -> client.tagResource(r -> r.resourceArn(arn).tags(Tag.builder()
                    .key(RestoredTables.PARTIAL_TAG).value(restoreId).build())));
            return true;
        } catch (DynamoDbSinkException e) {
            log.warn("Could not mark table '{}' as partial: {}", table, e.getMessage());
            return false;
        }
    }

    private void deleteAndWait(String table) throws InterruptedException {
        try {
            call(table, "delete", () -> client.deleteTable(r -> r.tableName(table)));
        } catch (DynamoDbSinkException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
        while (exists(table)) {
            if (System.nanoTime() > deadline) {
                throw new DynamoDbSinkException(where(table) + ": still exists " + TABLE_WAIT + " after DeleteTable", null);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void waitFor(String table, String what, java.util.function.Predicate<TableDescription> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
        long sleep = 50;
        while (true) {
            TableDescription d = call(table, "describe", () -> client.describeTable(r -> r.tableName(table))).table();
            if (ready.test(d)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new DynamoDbSinkException(where(table) + ": not " + what + " after " + TABLE_WAIT, null);
            }
            Thread.sleep(sleep);
            sleep = Math.min(sleep * 2, 5_000);
        }
    }

    private <T> T call(String table, String what, Supplier<T> call) {
        try {
            return retrier.call(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DynamoDbSinkException(where(table) + ": interrupted during " + what, e);
        } catch (RuntimeException e) {
            throw new DynamoDbSinkException(where(table) + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    private String where() {
        return "dynamodb at " + info.endpoint() + " (region " + info.region() + ")";
    }

    private String where(String table) {
        return "table '" + table + "' in " + where();
    }

    private static DynamoDbSchema schema(JsonNode json) {
        return ManifestCodec.mapper().treeToValue(json, DynamoDbSchema.class);
    }

    private static List<KeySchemaElement> keys(List<DynamoDbSchema.KeyElement> keys) {
        return keys.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build())
                .toList();
    }

    private static Projection projection(DynamoDbSchema.Projection p) {
        Projection.Builder b = Projection.builder().projectionType(p.projectionType());
        if (!p.nonKeyAttributes().isEmpty()) {
            b.nonKeyAttributes(p.nonKeyAttributes());
        }
        return b.build();
    }

    private static ProvisionedThroughput throughput(DynamoDbSchema.Throughput t) {
        return ProvisionedThroughput.builder().readCapacityUnits(Math.max(1, t.readCapacityUnits()))
                .writeCapacityUnits(Math.max(1, t.writeCapacityUnits())).build();
    }

    /**
     * Transient failures worth a plain retry, by the one DynamoDB rule ({@link DynamoDbErrors}), less
     * throttling, which {@link Slowdown} handles for all writers at once.
     */
    private static boolean isTransient(Throwable e) {
        return DynamoDbErrors.isTransient(e) && !DynamoDbErrors.isThrottle(e);
    }

    private static boolean tagsUnsupported(Throwable e) {
        return e instanceof AwsServiceException s && s.statusCode() == 400
                && String.valueOf(s.getMessage()).contains("not currently supported");
    }
}
