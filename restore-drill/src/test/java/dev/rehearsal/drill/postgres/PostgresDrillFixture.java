package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Two PostgreSQL databases, one holding source tables and one the sandboxes, as a drill keeps them
 * apart; helpers to back up a table, build a guarded sink and read tables back as text.
 */
public final class PostgresDrillFixture {

    public static final String PREFIX = "rehearsal_sandbox_";

    public final PostgresExtension source;
    public final PostgresExtension sandbox;

    public PostgresDrillFixture(PostgresExtension source, PostgresExtension sandbox) {
        this.source = source;
        this.sandbox = sandbox;
    }

    public PostgresTableSource tableSource() {
        return new PostgresTableSource("pg", new PostgresConnector(source.url(), source.user(), source.password()));
    }

    public BackupResult backup(String table, BackupStore store, int segments) throws Exception {
        try (PostgresTableSource src = tableSource()) {
            return new BackupRunner().run(BackupRequest.of(src, table, store)
                    .withScan(ScanOptions.defaults().withSegments(segments)).withMaxObjectBytes(64 * 1024));
        }
    }

    public SandboxGuard guard(Set<String> sourceTables) {
        return PostgresTableSink.guard(PREFIX, sourceTables, new InMemorySandboxLedger());
    }

    public PostgresTableSink sink(SandboxGuard guard) {
        PostgresConnector c = new PostgresConnector(sandbox.url(), sandbox.user(), sandbox.password());
        return new PostgresTableSink(c, PostgresTableSource.info("sandbox", c), guard, 3);
    }

    public static void sql(PostgresExtension db, String... statements) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Every row of a table as PostgreSQL prints the whole row, in key order: an exact, type-aware comparison. */
    public static List<String> rowsAsText(PostgresExtension db, String qualifiedTable, String orderBy) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET IntervalStyle = 'iso_8601'");
            try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + qualifiedTable + " t ORDER BY " + orderBy)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    /** Schemas in the sandbox database whose names start with the sandbox prefix. */
    public List<String> sandboxSchemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(sandbox); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '" + PREFIX
                        + "') ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    public static Connection connect(PostgresExtension db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }
}
