/**
 * MySQL and MariaDB tables as a table source, over JDBC (MariaDB Connector/J, which speaks to both).
 * {@link dev.rehearsal.core.source.mysql.MySqlTableSource} opens one consistent snapshot on several
 * connections at once, as mydumper does (a global read lock held only while they start their
 * transactions), and reads the definition from {@code information_schema}
 * ({@link dev.rehearsal.core.source.mysql.MySqlSchema}); {@link dev.rehearsal.core.source.mysql.MySqlScan}
 * reads ranges of the integer primary key in parallel on those connections. Values become JSON lines
 * of exact text forms ({@link dev.rehearsal.core.source.mysql.MySqlValues},
 * {@link dev.rehearsal.core.source.mysql.MySqlRowJson}); the content digest hashes
 * {@link dev.rehearsal.core.source.mysql.MySqlCanonical}. docs/FORMAT.md, "MySQL and MariaDB",
 * specifies them. Restoring lives in restore-drill, not here.
 */
package dev.rehearsal.core.source.mysql;
