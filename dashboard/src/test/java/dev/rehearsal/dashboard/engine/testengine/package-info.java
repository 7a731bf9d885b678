/**
 * An engine that lives only in the test tree, {@code kind: testengine}: tables are JSON-lines files in
 * a directory. Registered by its own {@code META-INF/services} file in {@code src/test/resources},
 * it shows that a new engine needs no edit to shared code: the daemon starts with it, lists, backs up
 * and drills its tables, and validates its configuration section ({@code FileEngineDaemonTest},
 * {@code FileEngineConfigTest}).
 */
package dev.rehearsal.dashboard.engine.testengine;
