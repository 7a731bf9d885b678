/**
 * PostgreSQL as a restore target: {@link dev.rehearsal.drill.postgres.PostgresTableSink} creates a
 * table with its enum types, loads rows with parallel {@code COPY ... FROM STDIN}, then adds
 * constraints and builds indexes, as pg_restore does; {@link dev.rehearsal.drill.postgres.PostgresRowCodec}
 * reads row lines for the verifiers. Where the table goes is a placement: a sandbox schema of its
 * own for drills ({@code SandboxSchemas}), or a new table {@code schema.table} in an existing schema
 * of a source's database for a recovery ({@code SchemaTables}, which documents names, enum types
 * and the marks in comments that prove what a restore created).
 */
package dev.rehearsal.drill.postgres;
