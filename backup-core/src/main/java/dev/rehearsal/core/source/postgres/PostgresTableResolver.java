package dev.rehearsal.core.source.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns the table name a caller uses into the table in the database. A source reads
 * {@code schema.table}; a restore target names a sandbox schema that holds one table.
 */
@FunctionalInterface
public interface PostgresTableResolver {

    /** The table {@code name} stands for, or null if there is none; the source then reports "table not found". */
    PostgresTableName resolve(Connection connection, String name) throws SQLException;

    /** {@code schema.table}, or {@code table} in schema {@code public}. */
    PostgresTableResolver QUALIFIED_NAME = (connection, name) -> PostgresTableName.parse(name);
}
