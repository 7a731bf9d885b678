package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.mysql.MySqlConnector;
import dev.rehearsal.core.source.mysql.MySqlReaders;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.core.source.mysql.MySqlTableSource;
import dev.rehearsal.core.source.mysql.MySqlTestDatabase;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A MariaDB test database holding source tables, and sandbox databases beside it under a prefix of
 * the test's own; helpers to back up a table, build a guarded sink and read tables back as text.
 */
public final class MySqlDrillFixture {

    public final MySqlTestDatabase db;

    public MySqlDrillFixture(MySqlTestDatabase db) {
        this.db = db;
    }

    public MySqlTableSource tableSource() {
        return new MySqlTableSource("maria", db.connector(), MySqlReaders.DEFAULT.withParallelFromBytes(0));
    }

    public BackupResult backup(String table, BackupStore store, int segments) throws Exception {
        try (MySqlTableSource src = tableSource()) {
            return new BackupRunner().run(BackupRequest.of(src, table, store)
                    .withScan(ScanOptions.defaults().withSegments(segments)).withMaxObjectBytes(64 * 1024));
        }
    }

    public SandboxGuard guard(Set<String> sourceTables) {
        return MySqlTableSink.guard(db.sandboxPrefix(), sourceTables, new InMemorySandboxLedger());
    }

    public MySqlTableSink sink(SandboxGuard guard) {
        MySqlConnector c = db.connector();
        return new MySqlTableSink(c, MySqlTableSource.info("sandbox", c), guard, 3);
    }

    /**
     * Every row of a table in key order, each column as the server prints it independently of the
     * engine's own text forms: the bytes (in hex) of text and binary columns in their own character
     * set, BIT as hex, FLOAT widened to DOUBLE, everything else as {@code CAST(... AS CHAR)}.
     */
    public List<String> rowsAsText(MySqlTableName table, String orderBy) throws SQLException {
        List<String> exprs = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String q = MySqlTableName.quote(rs.getString(1));
                    String e = switch (rs.getString(2)) {
                        case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "binary",
                                "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit", "json" -> "HEX(" + q + ")";
                        case "float" -> "CAST(CAST(" + q + " AS DOUBLE) AS CHAR)";
                        default -> "CAST(" + q + " AS CHAR)";
                    };
                    exprs.add("IFNULL(" + e + ", 'NULL')");
                }
            }
        }
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONCAT_WS(' | ', " + String.join(", ", exprs) + ") FROM "
                        + table.quoted() + " ORDER BY " + orderBy)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** Databases whose names start with the sandbox prefix. */
    public List<String> sandboxDatabases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(db.sandboxPrefix())) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
