/**
 * The benchmark harness: {@link dev.rehearsal.bench.Loader} fills tables in DynamoDB Local;
 * {@link dev.rehearsal.bench.BackupBenchmark} measures backups against a raw parallel Scan and the
 * aws CLI, and backs up a table larger than its heap; {@link dev.rehearsal.bench.RestoreBenchmark}
 * measures restores and their verification against a raw parallel BatchWriteItem loader and the aws
 * CLI; {@link dev.rehearsal.bench.PostgresBenchmark} measures a PostgreSQL table's backup and restore
 * against pg_dump and pg_restore; {@link dev.rehearsal.bench.ClusterBenchmark} times the packaged daemon's
 * backup with remote partitioning against in-process partitioning, each daemon a
 * {@link dev.rehearsal.bench.PackagedDaemon}. Started by {@code bench/run-backup.sh},
 * {@code bench/run-restore.sh}, {@code bench/run-postgres.sh} and {@code bench/run-cluster.sh}, never by
 * the build;
 * nothing here is a test, and nothing here is used by Rehearsal itself.
 * {@link dev.rehearsal.bench.MariaDbBenchmark} (bench/run-mariadb.sh) measures a MariaDB table's backup and
 * restore against mysqldump, mydumper, mysql and myloader, Rehearsal's side wired in
 * {@link dev.rehearsal.bench.RehearsalSide}.
 */
package dev.rehearsal.bench;
