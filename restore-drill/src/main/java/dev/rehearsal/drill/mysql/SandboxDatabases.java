package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.drill.sink.TableInfo;
import java.nio.charset.StandardCharsets;
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
 * Sandbox targets: a target names a database of its own, created with the table (under its own
 * name) and dropped whole with {@code DROP DATABASE} once the guard has confirmed that its drill
 * created it. Nothing outside such a database is ever dropped.
 */
final class SandboxDatabases implements MySqlPlacement {

    @Override
    public void requireName(String target) {
        if (target.getBytes(StandardCharsets.UTF_8).length > MySqlTableSink.MAX_NAME) {
            throw new IllegalArgumentException("sandbox name '" + target + "' is longer than the " + MySqlTableSink.MAX_NAME
                    + " characters MySQL allows a database name; use a guard from MySqlTableSink.guard");
        }
    }

    @Override
    public MySqlTableName table(String target, String backupTable) {
        return new MySqlTableName(target, backupTable);
    }

    /** The one table in sandbox database {@code target}, or null. */
    @Override
    public MySqlTableName resolve(Connection c, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new MySqlTableName(target, rs.getString(1)) : null;
            }
        }
    }

    @Override
    public boolean exists(Connection c, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void prepare(Connection c, String target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + MySqlTableName.quote(target) + " CHARACTER SET utf8mb4");
        }
    }

    @Override
    public void abandon(Connection c, String target) throws SQLException {
        remove(c, target);
    }

    @Override
    public void remove(Connection c, String target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MySqlTableName.quote(target));
        }
    }

    @Override
    public List<TableInfo> list(Connection c, String prefix) throws SQLException {
        List<TableInfo> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.SCHEMA_NAME, (SELECT MIN(t.TABLE_COMMENT)"
                + " FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = d.SCHEMA_NAME)"
                + " FROM information_schema.SCHEMATA d WHERE LEFT(d.SCHEMA_NAME, CHAR_LENGTH(?)) = ? ORDER BY 1")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).startsWith(prefix)) {
                        found.add(new TableInfo(rs.getString(1), MySqlPlacement.created(rs.getString(2))));
                    }
                }
            }
        }
        return found;
    }

    /** A sandbox database has no tags that prove anything: ownership is the ledger's word alone. */
    @Override
    public Optional<Map<String, String>> tags(Connection c, String target) {
        return Optional.empty();
    }

    @Override
    public boolean holdsNewTables() {
        return false;
    }

    @Override
    public String describe(String target) {
        return "sandbox database '" + target + "'";
    }
}
