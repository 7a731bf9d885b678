/**
 * PostgreSQL as the daemon's engine: {@link dev.rehearsal.dashboard.engine.postgres.PostgresEngineProvider}
 * connects backup-core's {@code PostgresTableSource} and restore-drill's {@code PostgresTableSink}, and
 * {@link dev.rehearsal.dashboard.engine.postgres.PostgresWriteAccess} asks the server, at start-up,
 * what the backup role could write.
 *
 * <p><b>Its configuration.</b> The engine binds its own keys: a source's {@code jdbc-url},
 * {@code username}, {@code password}, {@code recovery-username} and {@code recovery-password} from
 * {@code rehearsal.sources.<name>} into
 * {@link dev.rehearsal.dashboard.engine.postgres.PostgresSourceConfig}, and the sandbox's from
 * {@code rehearsal.sandbox.postgres} into {@link dev.rehearsal.dashboard.engine.postgres.PostgresSandboxConfig}.
 * Each is handed its section as a {@link dev.rehearsal.dashboard.engine.port.ConfigSection}, which
 * the daemon reads through Spring Boot's binder, so the keys, placeholders such as
 * {@code ${ORDERS_DB_PASSWORD}} and environment overrides work as they always did; the shared
 * {@code kind}, {@code include} and {@code exclude} are left to the daemon. Defaults are in the
 * records' constructors, and the engine checks its keys itself, each message starting with the key.
 */
package dev.rehearsal.dashboard.engine.postgres;
