/**
 * PostgreSQL as a restore target: {@link dev.rehearsal.drill.postgres.PostgresTableSink} creates a
 * sandbox schema holding the table and its enum types, loads rows with parallel
 * {@code COPY ... FROM STDIN}, then adds constraints and builds indexes, as pg_restore does;
 * {@link dev.rehearsal.drill.postgres.PostgresRowCodec} reads row lines for the verifiers.
 */
package dev.rehearsal.drill.postgres;
