/**
 * MySQL and MariaDB as the daemon's engine ({@code kind: mysql}):
 * {@link dev.rehearsal.dashboard.engine.mysql.MySqlEngineProvider} connects backup-core's
 * {@code MySqlTableSource} and restore-drill's {@code MySqlTableSink}. Nothing of it is named in
 * shared code: the provider is registered by one line in
 * {@code META-INF/services/dev.rehearsal.dashboard.engine.port.EngineProvider}.
 *
 * <p><b>Its configuration.</b> The engine binds its own keys: a source's {@code jdbc-url},
 * {@code username}, {@code password}, {@code recovery-username}, {@code recovery-password},
 * {@code readers} and {@code global-read-lock} from {@code rehearsal.sources.<name>} into
 * {@link dev.rehearsal.dashboard.engine.mysql.MySqlSourceConfig}, and the sandbox's from
 * {@code rehearsal.sandbox.mysql} into {@link dev.rehearsal.dashboard.engine.mysql.MySqlSandboxConfig},
 * each from a {@link dev.rehearsal.dashboard.engine.port.ConfigSection} that the daemon reads through
 * Spring Boot's binder. Defaults are in the records' constructors, and the engine checks its keys
 * itself, each message starting with the key.
 */
package dev.rehearsal.dashboard.engine.mysql;
