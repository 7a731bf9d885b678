/**
 * PostgreSQL tables as a table source, over JDBC and the driver's COPY protocol.
 * {@link dev.rehearsal.core.source.postgres.PostgresTableSource} describes a table from the
 * catalog ({@link dev.rehearsal.core.source.postgres.PostgresSchema}) inside an exported snapshot
 * that {@link dev.rehearsal.core.source.postgres.PostgresSnapshots} holds open, and
 * {@link dev.rehearsal.core.source.postgres.PostgresScan} copies ctid block ranges of the table in
 * parallel, every reader inside that one snapshot. Rows become JSON lines of PostgreSQL text
 * values ({@link dev.rehearsal.core.source.postgres.PostgresRowJson}); the content digest hashes
 * {@link dev.rehearsal.core.source.postgres.PostgresCanonical}. docs/FORMAT.md, "PostgreSQL",
 * specifies both. Restoring lives in restore-drill, not here.
 */
package dev.rehearsal.core.source.postgres;
