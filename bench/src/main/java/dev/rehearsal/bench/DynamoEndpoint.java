package dev.rehearsal.bench;

import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.testing.DynamoDbLocal;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB Local server that bench/run-backup.sh started in its own JVM. Clients use the
 * fixture's region and dummy credentials: DynamoDB Local keeps one database per key and region, so
 * the loader, the measured JVM and the aws CLI must all present the same pair to see the same tables.
 */
record DynamoEndpoint(URI uri) {

    static final String SOURCE_NAME = "bench";

    /** A client with exactly the settings Rehearsal's source uses, so raw scans and backups share an HTTP stack. */
    DynamoDbClient client() {
        return DynamoDbTableSource.client(uri, DynamoDbLocal.REGION, DynamoDbLocal.CREDENTIALS);
    }

    /** A source over {@code client}, which the caller keeps and closes. */
    DynamoDbTableSource source(DynamoDbClient client) {
        return new DynamoDbTableSource(client, DynamoDbTableSource.info(SOURCE_NAME, uri, DynamoDbLocal.REGION),
                Backoff.DEFAULT);
    }
}
