/**
 * PostgreSQL as a restore target: {@link dev.rehearsal.drill.postgres.PostgresTableSink} creates a
 * table with its enum types, loads rows with parallel {@code COPY ... FROM STDIN} (each line turned
 * into COPY text by {@code PostgresLineTranscoder}), then builds indexes on parallel connections and
 * adds constraints, as pg_restore does ({@code PostgresIndexBuild}); {@link dev.rehearsal.drill.postgres.PostgresRowCodec}
 * reads row lines for the verifiers. Where the table goes is a placement: a sandbox schema of its
 * own for drills ({@code SandboxSchemas}), or a new table {@code schema.table} in an existing schema
 * of a source's database for a recovery ({@code SchemaTables}, which documents names, enum types
 * and the marks in comments that prove what a restore created).
 */
package dev.rehearsal.drill.postgres;
