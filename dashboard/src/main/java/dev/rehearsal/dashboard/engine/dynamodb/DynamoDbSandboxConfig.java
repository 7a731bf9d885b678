package dev.rehearsal.dashboard.engine.dynamodb;

import dev.rehearsal.dashboard.config.RehearsalProperties.Credentials;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.net.URI;

/**
 * What the DynamoDB sandbox reads from {@code rehearsal.sandbox}: the keys at its top level, which
 * predate other engines (PostgreSQL's are under {@code rehearsal.sandbox.postgres}). Another
 * endpoint, account or region than the sources is recommended.
 *
 * @param prefix every sandbox table's name starts with this, {@value SandboxGuard#DEFAULT_PREFIX} when not set
 */
public record DynamoDbSandboxConfig(URI endpoint, String region, Credentials credentials, String prefix) {

    public DynamoDbSandboxConfig {
        region = region == null ? "us-east-1" : region;
        prefix = prefix == null ? SandboxGuard.DEFAULT_PREFIX : prefix;
    }
}
