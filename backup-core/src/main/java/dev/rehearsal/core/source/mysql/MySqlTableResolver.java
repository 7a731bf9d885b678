package dev.rehearsal.core.source.mysql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns the table name a caller uses into the table on the server. A source reads
 * {@code database.table}; a restore target names a sandbox database that holds one table.
 */
@FunctionalInterface
public interface MySqlTableResolver {

    /** The table {@code name} stands for, or null if there is none; the source then reports "table not found". */
    MySqlTableName resolve(Connection connection, String name) throws SQLException;

    /** {@code database.table}. */
    MySqlTableResolver QUALIFIED_NAME = (connection, name) -> MySqlTableName.parse(name);
}
