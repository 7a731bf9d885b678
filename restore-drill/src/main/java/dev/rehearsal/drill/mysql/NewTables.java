package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.drill.sink.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Targets that are new tables {@code database.table} in a database that exists, for a restore
 * during an incident: {@code shop.orders} after a script dropped it, or
 * {@code shop.orders-recovered} beside it. The database is never created nor dropped; a target in a
 * database that does not exist is refused, naming it. Index and CHECK constraint names are the
 * backup's: MariaDB keeps both per table. The table's comment carries the restore's marks, its tags;
 * deleting it needs the ledger entry and the mark of the same restore, and is a {@code DROP TABLE} of
 * exactly that table.
 */
final class NewTables implements MySqlPlacement {

    private final SourceInfo source;

    NewTables(SourceInfo source) {
        this.source = source;
    }

    @Override
    public void requireName(String target) {
        MySqlTableName t = MySqlTableName.parse(target);
        if (t.table().length() > MySqlTableSink.MAX_NAME || t.database().length() > MySqlTableSink.MAX_NAME) {
            throw new IllegalArgumentException("table name '" + target + "' has a part longer than the "
                    + MySqlTableSink.MAX_NAME + " characters MySQL allows");
        }
    }

    @Override
    public MySqlTableName table(String target, String backupTable) {
        return MySqlTableName.parse(target);
    }

    @Override
    public MySqlTableName resolve(Connection c, String target) {
        return MySqlTableName.parse(target);
    }

    @Override
    public boolean exists(Connection c, String target) throws SQLException {
        MySqlTableName t = MySqlTableName.parse(target);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ?")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void prepare(Connection c, String target) throws SQLException {
        MySqlTableName t = MySqlTableName.parse(target);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, t.database());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("database '" + t.database() + "' does not exist at " + source.endpoint()
                            + "; a restore into a new table never creates a database", "42000", 1049);
                }
            }
        }
    }

    @Override
    public void abandon(Connection c, String target) {
        // CREATE TABLE failed, so there is no table; the database was there before and stays.
    }

    @Override
    public void remove(Connection c, String target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + MySqlTableName.parse(target).quoted());
        }
    }

    @Override
    public List<TableInfo> list(Connection c, String prefix) throws SQLException {
        List<TableInfo> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT"
                + " FROM information_schema.TABLES WHERE TABLE_COMMENT LIKE 'Rehearsal restore%' ORDER BY 1, 2")) {
            while (rs.next()) {
                String name = rs.getString(1) + "." + rs.getString(2);
                if (name.startsWith(prefix)) {
                    found.add(new TableInfo(name, MySqlPlacement.created(rs.getString(3))));
                }
            }
        }
        return found;
    }

    @Override
    public Optional<Map<String, String>> tags(Connection c, String target) throws SQLException {
        MySqlTableName t = MySqlTableName.parse(target);
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_COMMENT FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return Optional.of(rs.next() ? MySqlPlacement.marks(rs.getString(1)) : Map.of());
            }
        }
    }

    @Override
    public boolean holdsNewTables() {
        return true;
    }

    @Override
    public String describe(String target) {
        return "new table '" + target + "'";
    }
}
