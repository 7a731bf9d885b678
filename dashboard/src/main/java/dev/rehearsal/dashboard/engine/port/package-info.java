/**
 * The ports an engine plugs into the daemon through: {@link dev.rehearsal.dashboard.engine.port.EngineProvider}
 * (one per engine, found by {@link java.util.ServiceLoader} through
 * {@link dev.rehearsal.dashboard.engine.port.EngineProviders}) and the
 * {@link dev.rehearsal.dashboard.engine.port.ConfigSection} it binds and checks its configuration from.
 *
 * <p>Nothing here knows Spring or any engine, so that an engine's package depends on these few
 * types and on backup-core and restore-drill, and shared code depends on no engine.
 *
 * <p><b>Adding an engine</b> (MySQL, say): its source in {@code dev.rehearsal.core.source.mysql}, its
 * sink in {@code dev.rehearsal.drill.mysql}, and in {@code dev.rehearsal.dashboard.engine.mysql} a
 * provider and the records its sections bind to; then one line naming the provider in the
 * dashboard's {@code META-INF/services/dev.rehearsal.dashboard.engine.port.EngineProvider}, and its
 * driver in the poms. The daemon's test tree holds an engine added exactly so
 * ({@code dev.rehearsal.dashboard.engine.testengine}).
 */
package dev.rehearsal.dashboard.engine.port;
