/**
 * The benchmark harness: {@link dev.rehearsal.bench.Loader} fills tables in DynamoDB Local and
 * {@link dev.rehearsal.bench.BackupBenchmark} measures backups against a raw parallel Scan and the
 * aws CLI, and backs up a table larger than its heap. Started by {@code bench/run-backup.sh}, never
 * by the build; nothing here is a test, and nothing here is used by Rehearsal itself.
 */
package dev.rehearsal.bench;
