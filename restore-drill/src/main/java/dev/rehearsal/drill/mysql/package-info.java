/**
 * MySQL and MariaDB as a restore target: {@link dev.rehearsal.drill.mysql.MySqlTableSink} creates a
 * table with its primary key and CHECK constraints, loads rows with {@code LOAD DATA LOCAL INFILE}
 * streamed from the backup (multi-row {@code INSERT}s where the server refuses it) on parallel connections, then adds unique keys and indexes in one {@code ALTER TABLE};
 * {@link dev.rehearsal.drill.mysql.MySqlRowCodec} reads row lines for the verifiers. Where the table
 * goes is a placement: a sandbox database of its own for drills ({@code SandboxDatabases}), or a new
 * table {@code database.table} in an existing database of a source's server for a recovery
 * ({@code NewTables}).
 */
package dev.rehearsal.drill.mysql;
