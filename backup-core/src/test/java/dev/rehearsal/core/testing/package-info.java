/**
 * Real servers for tests, started in-process: DynamoDB Local and S3Proxy. Shipped as backup-core's
 * test-jar so that restore-drill, dashboard and the benchmarks use the same fixtures. No mocks.
 */
package dev.rehearsal.core.testing;
