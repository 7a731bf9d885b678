/**
 * DynamoDB as the daemon's engine: {@link dev.rehearsal.dashboard.engine.dynamodb.DynamoDbEngineProvider}
 * connects backup-core's {@code DynamoDbTableSource} and restore-drill's {@code DynamoDbTableSink}.
 *
 * <p><b>Its configuration.</b> The engine binds its own keys: a source's from
 * {@code rehearsal.sources.<name>} into {@link dev.rehearsal.dashboard.engine.dynamodb.DynamoDbSourceConfig}
 * ({@code endpoint}, {@code region}, {@code credentials}, {@code recovery-credentials}), the sandbox's
 * from the top level of {@code rehearsal.sandbox} into
 * {@link dev.rehearsal.dashboard.engine.dynamodb.DynamoDbSandboxConfig} ({@code endpoint}, {@code region},
 * {@code credentials}, {@code prefix}). Each record is handed the section as a
 * {@link dev.rehearsal.dashboard.engine.port.ConfigSection}, which the daemon reads through Spring
 * Boot's binder, so the keys, their relaxed forms and environment overrides are those users always
 * had; the shared {@code kind}, {@code include} and {@code exclude} of the same section are left to
 * the daemon. Defaults are in the records' constructors. The engine checks its keys itself
 * ({@code sourceProblems}, {@code sandboxProblems}), each message starting with the key it is about.
 *
 * <p>Credentials are the AWS ones that S3 stores use too
 * ({@link dev.rehearsal.dashboard.config.RehearsalProperties.Credentials},
 * {@link dev.rehearsal.dashboard.engine.Engines#credentials}); which DynamoDB failures are retried is
 * decided once, in backup-core ({@code DynamoDbErrors}).
 */
package dev.rehearsal.dashboard.engine.dynamodb;
