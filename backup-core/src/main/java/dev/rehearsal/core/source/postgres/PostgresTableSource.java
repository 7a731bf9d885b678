package dev.rehearsal.core.source.postgres;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.source.TableSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL tables as a {@link TableSource}. {@link #describe} opens a REPEATABLE READ
 * transaction, exports its snapshot, takes an ACCESS SHARE lock on the table (as pg_dump does, so
 * that no DDL rewrites it under the backup), and reads the definition in that snapshot; the
 * transaction is held by {@link PostgresSnapshots} so that every segment of the scan imports the
 * same snapshot. The backup is therefore the table as it was at one instant, whatever is written
 * meanwhile.
 */
public final class PostgresTableSource implements TableSource {

    static final long MIB = 1024 * 1024;
    /** How long a described table's snapshot stays open without a scan attached. */
    public static final Duration DEFAULT_SNAPSHOT_LEASE = Duration.ofSeconds(30);

    private final PostgresConnector connector;
    private final SourceInfo info;
    private final PostgresTableResolver resolver;
    private final PostgresSnapshots snapshots;

    /** A source named {@code name} whose tables are called {@code schema.table}. */
    public PostgresTableSource(String name, PostgresConnector connector) {
        this(info(name, connector), connector, PostgresTableResolver.QUALIFIED_NAME, DEFAULT_SNAPSHOT_LEASE);
    }

    public PostgresTableSource(SourceInfo info, PostgresConnector connector, PostgresTableResolver resolver,
            Duration snapshotLease) {
        this.connector = connector;
        this.info = info;
        this.resolver = resolver;
        this.snapshots = new PostgresSnapshots(snapshotLease);
    }

    /** What a source at {@code connector}'s URL says about itself: kind {@code postgres}, the URL without parameters. */
    public static SourceInfo info(String name, PostgresConnector connector) {
        return new SourceInfo(name, "postgres", connector.endpoint(), null);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    public PostgresConnector connector() {
        return connector;
    }

    /** Tables a backup could read: ordinary and partitioned tables outside the system schemas, as {@code schema.table}. */
    public List<String> listTables() {
        try (Connection c = connector.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                        + " AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1) + "." + rs.getString(2));
            }
            return tables;
        } catch (SQLException e) {
            throw new SourceException("source '" + info.name() + "' (postgres at " + info.endpoint()
                    + "): listing tables failed: " + reason(e), e);
        }
    }

    @Override
    public TableDescription describe(String table) {
        Connection c = null;
        try {
            c = connector.open();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshotId;
            java.time.Instant takenAt;
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), clock_timestamp()")) {
                    rs.next();
                    snapshotId = rs.getString(1);
                    takenAt = rs.getTimestamp(2).toInstant();
                }
            }
            PostgresTableName name = resolver.resolve(c, table);
            if (name == null) {
                throw new TableMissing("no table '" + table + "'");
            }
            Described d = PostgresCatalog.read(c, name, table, snapshotId, takenAt);
            snapshots.hold(snapshotId, table, c);
            c = null;
            return new TableDescription(table, ManifestCodec.mapper().valueToTree(d.schema()), d.rows(), d.bytes());
        } catch (TableMissing e) {
            throw new SourceException(where(table) + ": table not found", e, true);
        } catch (SQLException e) {
            throw new SourceException(where(table) + ": describe failed: " + reason(e), e);
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // The describe failed already; its error is the one worth reporting.
                }
            }
        }
    }

    /** The planner's row estimate (pg_class.reltuples), read without a snapshot or a lock on the table. */
    @Override
    public long approximateItems(String table) {
        try (Connection c = connector.open()) {
            PostgresTableName name = resolver.resolve(c, table);
            if (name == null) {
                throw new TableMissing("no table '" + table + "'");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT greatest(reltuples, 0)::bigint FROM pg_class"
                    + " WHERE oid = ?::regclass")) {
                ps.setString(1, name.quoted());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (TableMissing e) {
            throw new SourceException(where(table) + ": table not found", e, true);
        } catch (SQLException e) {
            throw new SourceException(where(table) + ": estimate failed: " + reason(e), e);
        }
    }

    @Override
    public long count(String table) {
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            PostgresTableName name = resolver.resolve(c, table);
            if (name == null) {
                throw new TableMissing("no table '" + table + "'");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + name.quoted())) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new SourceException(where(table) + ": table not found", e, true);
            }
            throw new SourceException(where(table) + ": count failed: " + reason(e), e);
        }
    }

    @Override
    public TableScan openScan(TableDescription table, ScanOptions options) {
        PostgresSchema schema = ManifestCodec.mapper().treeToValue(table.schema(), PostgresSchema.class);
        if (schema.snapshot() == null || schema.snapshot().id() == null) {
            throw new IllegalArgumentException("the description of table '" + table.table()
                    + "' names no snapshot; describe it with a PostgresTableSource");
        }
        int segments = options.segments() > 0 ? options.segments() : defaultSegments(table.approximateBytes());
        return new PostgresScan(this, table.table(), schema, segments, options);
    }

    /**
     * One segment per 32 MiB of table, between 2 and 16 once the table holds 8 MiB: parallel COPY
     * pays off early, and beyond 16 readers the server's CPUs, not the readers, set the pace.
     */
    public static int defaultSegments(long tableBytes) {
        if (tableBytes < 8 * MIB) {
            return 1;
        }
        long bySize = (tableBytes + 32 * MIB - 1) / (32 * MIB);
        return (int) Math.max(2, Math.min(16, bySize));
    }

    @Override
    public void close() {
        snapshots.close();
    }

    /**
     * Ends the transactions holding snapshots of {@code table} at once, lease or not, and with them
     * their ACCESS SHARE locks; scans still reading it fail. For a restore target about to drop it.
     */
    public void endSnapshots(String table) {
        snapshots.endAll(table);
    }

    /** How many exported snapshots this source holds open now; for tests. */
    public int heldSnapshots() {
        return snapshots.size();
    }

    PostgresSnapshots snapshots() {
        return snapshots;
    }

    String where(String table) {
        return "table '" + table + "' in source '" + info.name() + "' (postgres at " + info.endpoint() + ")";
    }

    /** The server's message, on one line, with its SQLSTATE. */
    public static String reason(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ') + (e.getSQLState() != null ? " (SQLSTATE " + e.getSQLState() + ")" : "");
    }

    /** What describe found: the schema document and the size estimates. */
    record Described(PostgresSchema schema, long rows, long bytes) {
    }

    /** The resolver or the catalog found no such table. */
    static final class TableMissing extends SQLException {
        TableMissing(String message) {
            super(message, "42P01");
        }
    }

    /** Reads a table's definition from the catalog. */
    static final class PostgresCatalog {

        private PostgresCatalog() {
        }

        static Described read(Connection c, PostgresTableName name, String asked, String snapshotId,
                java.time.Instant takenAt) throws SQLException {
            long oid;
            try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
                ps.setString(1, name.schema());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new TableMissing("no table " + name + " (asked for '" + asked + "')");
                    }
                    oid = rs.getLong(1);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE " + name.quoted() + " IN ACCESS SHARE MODE");
            }
            List<PostgresSchema.EnumType> enums = enums(c, oid);
            Set<String> path = new LinkedHashSet<>();
            path.add(name.schema());
            enums.forEach(e -> path.add(e.schema()));
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                ps.setString(1, String.join(", ", path.stream().map(PostgresTableName::quote).toList()));
                ps.execute();
            }
            List<PostgresSchema.Column> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated"
                    + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String identity = switch (String.valueOf(rs.getString(5))) {
                            case "a" -> "ALWAYS";
                            case "d" -> "BY DEFAULT";
                            default -> null;
                        };
                        boolean generated = "s".equals(rs.getString(6));
                        columns.add(new PostgresSchema.Column(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                                generated ? null : rs.getString(4), identity, generated ? rs.getString(4) : null));
                    }
                }
            }
            PostgresSchema.Constraint primaryKey = null;
            List<PostgresSchema.Constraint> unique = new ArrayList<>();
            List<PostgresSchema.Constraint> checks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT k.conname, k.contype, pg_get_constraintdef(k.oid, true),"
                    + " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)"
                    + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)"
                    + " FROM pg_constraint k WHERE k.conrelid = ? AND k.contype IN ('p', 'u', 'c') ORDER BY k.conname")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String type = rs.getString(2);
                        List<String> cols = "c".equals(type) ? List.of() : strings(rs.getArray(4));
                        PostgresSchema.Constraint k = new PostgresSchema.Constraint(rs.getString(1), rs.getString(3), cols);
                        switch (type) {
                            case "p" -> primaryKey = k;
                            case "u" -> unique.add(k);
                            default -> checks.add(k);
                        }
                    }
                }
            }
            List<PostgresSchema.Index> indexes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT x.relname, i.indisunique, pg_get_indexdef(i.indexrelid)"
                    + " FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid WHERE i.indrelid = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
                    + " AND k.conrelid = i.indrelid) ORDER BY x.relname")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String def = rs.getString(3);
                        int using = def.indexOf(" USING ");
                        indexes.add(new PostgresSchema.Index(rs.getString(1), rs.getBoolean(2),
                                using < 0 ? def : def.substring(using + " USING ".length()), def));
                    }
                }
            }
            long rows;
            long bytes;
            long blocks;
            String version;
            try (PreparedStatement ps = c.prepareStatement("SELECT greatest(c.reltuples, 0)::bigint,"
                    + " pg_relation_size(c.oid), pg_relation_size(c.oid) / current_setting('block_size')::bigint,"
                    + " current_setting('server_version') FROM pg_class c WHERE c.oid = ?")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                    bytes = rs.getLong(2);
                    blocks = rs.getLong(3);
                    version = rs.getString(4);
                }
            }
            PostgresSchema schema = new PostgresSchema(name.schema(), name.table(), columns, primaryKey, unique, checks,
                    indexes, enums, new PostgresSchema.Snapshot(takenAt, snapshotId, blocks), version);
            return new Described(schema, rows, bytes);
        }

        private static List<PostgresSchema.EnumType> enums(Connection c, long oid) throws SQLException {
            List<PostgresSchema.EnumType> enums = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT n.nspname, t.typname,"
                    + " ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)"
                    + " FROM pg_attribute a JOIN pg_type t0 ON t0.oid = a.atttypid"
                    + " JOIN pg_type t ON t.oid = CASE WHEN t0.typelem <> 0 AND t0.typlen = -1 THEN t0.typelem ELSE t0.oid END"
                    + " JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND t.typtype = 'e' ORDER BY 1, 2")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        enums.add(new PostgresSchema.EnumType(rs.getString(1), rs.getString(2), strings(rs.getArray(3))));
                    }
                }
            }
            return enums;
        }

        private static List<String> strings(Array array) throws SQLException {
            return array == null ? List.of() : List.of((String[]) array.getArray());
        }
    }
}
