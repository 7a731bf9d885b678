/**
 * Real servers for tests: DynamoDB Local and S3Proxy started in-process, and a PostgreSQL database per
 * test class ({@code PostgresExtension}) on a configured or local server, Testcontainers, or else an
 * embedded PostgreSQL that the extension starts once per JVM. Shipped as backup-core's test-jar so
 * that restore-drill, dashboard and the benchmarks use the same fixtures; a module using it declares
 * the fixtures' test dependencies itself (the test-jar brings none). No mocks.
 */
package dev.rehearsal.core.testing;
