/**
 * Builds the configured sources, stores and sandboxes from {@code rehearsal.*} ({@link dev.rehearsal.dashboard.engine.Engines}),
 * and says which policy covers which table. The engines themselves are plug-ins behind the ports of
 * {@code engine.port}, one package each ({@code engine.dynamodb}, {@code engine.postgres}); this
 * package names none of them, and finds them through {@code META-INF/services}.
 */
package dev.rehearsal.dashboard.engine;
