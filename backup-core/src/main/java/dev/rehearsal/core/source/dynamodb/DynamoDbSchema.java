package dev.rehearsal.core.source.dynamodb;

import java.util.List;
import java.util.Map;

/**
 * A DynamoDB table's definition as recorded in the manifest's {@code table.schema} (docs/FORMAT.md,
 * "DynamoDB schema"): everything needed to create an equivalent table, plus settings a restore
 * re-applies afterwards (TTL, tags) and settings an auditor wants to see (streams, SSE, deletion protection).
 * Field names follow the DynamoDB API.
 *
 * @param provisionedThroughput null when {@code billingMode} is {@code PAY_PER_REQUEST}
 * @param timeToLive            null when the table has no TTL
 * @param streamSpecification   null when streams are off
 * @param sse                   null when the table uses the default AWS-owned key
 * @param tags                  null when the source could not report them (DynamoDB Local, or no permission)
 */
public record DynamoDbSchema(
        String tableName,
        List<KeyElement> keySchema,
        List<AttributeDefinition> attributeDefinitions,
        String billingMode,
        Throughput provisionedThroughput,
        List<Index> globalSecondaryIndexes,
        List<Index> localSecondaryIndexes,
        TimeToLive timeToLive,
        StreamSpecification streamSpecification,
        Sse sse,
        Map<String, String> tags,
        boolean deletionProtectionEnabled,
        String tableClass) {

    public DynamoDbSchema {
        keySchema = List.copyOf(keySchema);
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = List.copyOf(localSecondaryIndexes);
        // Sorted, so that a manifest is the same bytes however the engine listed the tags.
        tags = tags == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
    }

    /** {@code keyType} is {@code HASH} or {@code RANGE}. */
    public record KeyElement(String attributeName, String keyType) {
    }

    /** {@code attributeType} is {@code S}, {@code N} or {@code B}. */
    public record AttributeDefinition(String attributeName, String attributeType) {
    }

    public record Throughput(long readCapacityUnits, long writeCapacityUnits) {
    }

    /** A global or local secondary index; {@code provisionedThroughput} is null for LSIs and on-demand tables. */
    public record Index(String indexName, List<KeyElement> keySchema, Projection projection, Throughput provisionedThroughput) {
        public Index {
            keySchema = List.copyOf(keySchema);
        }
    }

    /** {@code projectionType} is {@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE}; the list is empty unless INCLUDE. */
    public record Projection(String projectionType, List<String> nonKeyAttributes) {
        public Projection {
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }

    public record TimeToLive(String attributeName, String status) {
    }

    public record StreamSpecification(boolean streamEnabled, String streamViewType) {
    }

    public record Sse(String status, String sseType, String kmsMasterKeyArn) {
    }
}
