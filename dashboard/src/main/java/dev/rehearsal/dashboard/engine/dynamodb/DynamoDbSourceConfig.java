package dev.rehearsal.dashboard.engine.dynamodb;

import dev.rehearsal.dashboard.config.RehearsalProperties.Credentials;
import java.net.URI;

/**
 * What a DynamoDB source reads from {@code rehearsal.sources.<name>}.
 *
 * @param endpoint            null for the region's AWS endpoint; set for DynamoDB Local or another compatible one
 * @param region              the AWS region, {@code us-east-1} when not set
 * @param credentials         the backup reader's credentials
 * @param recoveryCredentials the credentials an admin's restore into a new table on this source uses,
 *                            so that the backup reader needs no write rights; when null, such restores
 *                            use {@code credentials} (see docs/SECURITY.md)
 */
public record DynamoDbSourceConfig(URI endpoint, String region, Credentials credentials, Credentials recoveryCredentials) {

    public DynamoDbSourceConfig {
        region = region == null ? "us-east-1" : region;
    }
}
