package dev.rehearsal.core.source.mysql;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.source.TableSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * MySQL and MariaDB tables as a {@link TableSource}. {@link #describe} opens the snapshot every
 * reader of the table reads in, the way mydumper does: {@code FLUSH TABLES WITH READ LOCK} on a
 * control connection, then on each reader {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} and a
 * read of the table (so that each holds a metadata lock against DDL), the binary-log position, then
 * {@code UNLOCK TABLES}: the lock is held only while the readers open their transactions. The
 * definition is read from {@code information_schema} once the readers hold their locks. A table
 * read by one reader (small, without an integer primary key, or in single-reader mode) needs no
 * lock. The readers are held by {@link MySqlSnapshots}; see {@link MySqlReaders} for the privilege.
 */
public final class MySqlTableSource implements TableSource {

    static final long MIB = 1024 * 1024;
    /** How long a described table's snapshot stays open without a scan attached. */
    public static final Duration DEFAULT_SNAPSHOT_LEASE = Duration.ofSeconds(30);
    /** MySQL's "access denied; you need (at least one of) the X privilege(s)". */
    private static final int SPECIFIC_ACCESS_DENIED = 1227;
    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
    private static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private final MySqlConnector connector;
    private final SourceInfo info;
    private final MySqlTableResolver resolver;
    private final MySqlReaders readers;
    private final MySqlSnapshots snapshots;

    /** A source named {@code name} whose tables are called {@code database.table}, read as {@link MySqlReaders#DEFAULT}. */
    public MySqlTableSource(String name, MySqlConnector connector) {
        this(name, connector, MySqlReaders.DEFAULT);
    }

    public MySqlTableSource(String name, MySqlConnector connector, MySqlReaders readers) {
        this(info(name, connector), connector, MySqlTableResolver.QUALIFIED_NAME, readers, DEFAULT_SNAPSHOT_LEASE);
    }

    public MySqlTableSource(SourceInfo info, MySqlConnector connector, MySqlTableResolver resolver, MySqlReaders readers,
            Duration snapshotLease) {
        this.connector = connector;
        this.info = info;
        this.resolver = resolver;
        this.readers = readers;
        this.snapshots = new MySqlSnapshots(snapshotLease);
    }

    /** What a source at {@code connector}'s URL says about itself: kind {@code mysql}, the URL without parameters. */
    public static SourceInfo info(String name, MySqlConnector connector) {
        return new SourceInfo(name, "mysql", connector.endpoint(), null);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    public MySqlConnector connector() {
        return connector;
    }

    public MySqlReaders readers() {
        return readers;
    }

    /** Base tables outside the system databases, as {@code database.table}. */
    public List<String> listTables() {
        try (Connection c = connector.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ("
                        + String.join(", ", SYSTEM_DATABASES.stream().map(MySqlTableName::literal).toList())
                        + ") ORDER BY 1, 2")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1) + "." + rs.getString(2));
            }
            return tables;
        } catch (SQLException e) {
            throw new SourceException("source '" + info.name() + "' (mysql at " + info.endpoint()
                    + "): listing tables failed: " + reason(e), e);
        }
    }

    @Override
    public TableDescription describe(String table) {
        List<Connection> opened = new ArrayList<>();
        Connection control = null;
        try {
            control = connector.open();
            MySqlTableName name = resolver.resolve(control, table);
            TableStats stats = name == null ? null : TableStats.read(control, name);
            if (stats == null) {
                throw new TableMissing("no table '" + table + "'");
            }
            if (!"InnoDB".equalsIgnoreCase(stats.engine())) {
                throw new SourceException(where(table) + ": its storage engine is " + stats.engine()
                        + ", which has no transactions; a consistent backup needs InnoDB", null);
            }
            String rangeColumn = MySqlCatalog.rangeColumn(control, name);
            int wanted = rangeColumn == null || readers.lock() == MySqlReaders.Lock.NEVER
                    || stats.bytes() < readers.parallelFromBytes() ? 1 : readers.max();
            boolean locked = false;
            if (wanted > 1) {
                try (Statement s = control.createStatement()) {
                    s.execute("SET SESSION lock_wait_timeout = 60");
                    s.execute("FLUSH TABLES WITH READ LOCK");
                    locked = true;
                } catch (SQLException e) {
                    if (e.getErrorCode() != SPECIFIC_ACCESS_DENIED) {
                        throw e;
                    }
                    if (readers.lock() == MySqlReaders.Lock.REQUIRED) {
                        throw new SourceException(where(table) + ": " + wanted + " parallel readers need a global read"
                                + " lock (FLUSH TABLES WITH READ LOCK) while they open their snapshot, and user '"
                                + connector.username() + "' lacks the RELOAD privilege it takes: grant RELOAD ON *.*,"
                                + " or configure single-reader mode (readers 1, or lock never); the server said: "
                                + reason(e), e);
                    }
                    wanted = 1;
                }
            }
            for (int i = 0; i < wanted; i++) {
                Connection r = connector.open();
                opened.add(r);
                try (Statement s = r.createStatement()) {
                    s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                    // Opening the table takes a metadata lock that the transaction holds: no DDL changes it now.
                    s.executeQuery("SELECT 1 FROM " + name.quoted() + " LIMIT 0").close();
                }
            }
            Connection first = opened.get(0);
            Position position = Position.read(locked ? control : first, locked);
            Instant takenAt;
            try (Statement s = control.createStatement(); ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(6)")) {
                rs.next();
                takenAt = rs.getTimestamp(1).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
            }
            Long autoIncrement = TableStats.read(control, name).autoIncrement();
            if (locked) {
                try (Statement s = control.createStatement()) {
                    s.execute("UNLOCK TABLES");
                }
            }
            control.close();
            control = null;
            MySqlSchema schema = MySqlCatalog.read(first, name, autoIncrement, position, takenAt,
                    UUID.randomUUID().toString(), wanted, locked);
            for (MySqlSchema.Column col : schema.dataColumnDefinitions()) {
                try {
                    MySqlValues.form(col);
                } catch (IllegalArgumentException e) {
                    throw new SourceException(where(table) + ": " + e.getMessage(), e);
                }
            }
            snapshots.hold(schema.snapshot().id(), table, opened);
            opened.clear();
            return new TableDescription(table, ManifestCodec.mapper().valueToTree(schema), stats.rows(), stats.bytes());
        } catch (TableMissing e) {
            throw new SourceException(where(table) + ": table not found", e, true);
        } catch (SQLException e) {
            throw new SourceException(where(table) + ": describe failed: " + reason(e), e);
        } finally {
            opened.forEach(MySqlSnapshots::end);
            if (control != null) {
                try {
                    control.close();
                } catch (SQLException ignored) {
                    // The describe failed already; closing releases the lock, and its error is the one worth reporting.
                }
            }
        }
    }

    /** The server's estimate ({@code information_schema.TABLES.TABLE_ROWS}), without a snapshot or a lock. */
    @Override
    public long approximateItems(String table) {
        try (Connection c = connector.open()) {
            MySqlTableName name = resolver.resolve(c, table);
            TableStats stats = name == null ? null : TableStats.read(c, name);
            if (stats == null) {
                throw new TableMissing("no table '" + table + "'");
            }
            return stats.rows();
        } catch (TableMissing e) {
            throw new SourceException(where(table) + ": table not found", e, true);
        } catch (SQLException e) {
            throw new SourceException(where(table) + ": estimate failed: " + reason(e), e);
        }
    }

    @Override
    public long count(String table) {
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            MySqlTableName name = resolver.resolve(c, table);
            if (name == null) {
                throw new TableMissing("no table '" + table + "'");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + name.quoted())) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (e instanceof TableMissing || e.getErrorCode() == 1146) {
                throw new SourceException(where(table) + ": table not found", e, true);
            }
            throw new SourceException(where(table) + ": count failed: " + reason(e), e);
        }
    }

    /** The readers' consistent snapshot is their own connections' transactions, which no other process can join. */
    @Override
    public boolean segmentsReadableElsewhere() {
        return false;
    }

    @Override
    public TableScan openScan(TableDescription table, ScanOptions options) {
        MySqlSchema schema = ManifestCodec.mapper().treeToValue(table.schema(), MySqlSchema.class);
        if (schema.snapshot() == null || schema.snapshot().id() == null) {
            throw new IllegalArgumentException("the description of table '" + table.table()
                    + "' names no snapshot; describe it with a MySqlTableSource");
        }
        int segments = options.segments() > 0 ? options.segments()
                : defaultSegments(table.approximateBytes(), schema.snapshot().readers());
        return new MySqlScan(this, table.table(), schema, segments, options);
    }

    /**
     * One segment per 32 MiB of table, at least one per reader and at most four per reader: ranges
     * of an integer key are seldom equally full, and smaller ranges let a free reader take the next.
     */
    public static int defaultSegments(long tableBytes, int readers) {
        long bySize = (tableBytes + 32 * MIB - 1) / (32 * MIB);
        return (int) Math.max(readers, Math.min(4L * readers, bySize));
    }

    @Override
    public void close() {
        snapshots.close();
    }

    /**
     * Ends the snapshots of {@code table} at once, lease or not, and with them their metadata locks;
     * scans still reading it fail. For a restore target about to drop it.
     */
    public void endSnapshots(String table) {
        snapshots.endAll(table);
    }

    /** How many snapshots this source holds open now; for tests. */
    public int heldSnapshots() {
        return snapshots.size();
    }

    MySqlSnapshots snapshots() {
        return snapshots;
    }

    String where(String table) {
        return "table '" + table + "' in source '" + info.name() + "' (mysql at " + info.endpoint() + ")";
    }

    /** The server's message, on one line, with its error code and SQLSTATE. */
    public static String reason(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ') + (e.getErrorCode() != 0 ? " (error " + e.getErrorCode() + ")" : "")
                + (e.getSQLState() != null ? " (SQLSTATE " + e.getSQLState() + ")" : "");
    }

    /** The resolver or the catalog found no such table. */
    static final class TableMissing extends SQLException {
        TableMissing(String message) {
            super(message, "42S02", 1146);
        }
    }

    /** What {@code information_schema.TABLES} says of a base table. */
    record TableStats(String engine, long rows, long bytes, Long autoIncrement, String collation) {

        /** The table's row, or null if there is no such base table. */
        static TableStats read(Connection c, MySqlTableName name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT ENGINE, TABLE_ROWS, DATA_LENGTH, AUTO_INCREMENT,"
                    + " TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                    + " AND TABLE_TYPE = 'BASE TABLE'")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long ai = rs.getLong(4);
                    return new TableStats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.wasNull() ? null : ai,
                            rs.getString(5));
                }
            }
        }
    }

    /** The binary-log position (and GTID) at the snapshot, where the server writes a binary log. */
    record Position(String file, Long position, String gtid) {

        static final Position NONE = new Position(null, null, null);

        /**
         * Under the global read lock, the server's current position is the snapshot's. Without it, only
         * MariaDB says where a snapshot is ({@code binlog_snapshot_file} and {@code _position}, read in
         * the snapshot's transaction); elsewhere no position is recorded rather than a wrong one.
         */
        static Position read(Connection c, boolean locked) {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT @@log_bin")) {
                    if (!rs.next() || rs.getInt(1) == 0) {
                        return NONE;
                    }
                }
                String file = null;
                Long pos = null;
                String gtid = null;
                boolean mariadb = isMariaDb(c);
                if (locked) {
                    try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                        if (rs.next()) {
                            file = rs.getString(1);
                            pos = rs.getLong(2);
                        }
                    }
                } else if (mariadb) {
                    try (ResultSet rs = s.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                        while (rs.next()) {
                            if (rs.getString(1).equalsIgnoreCase("Binlog_snapshot_file")) {
                                file = rs.getString(2);
                            } else if (rs.getString(1).equalsIgnoreCase("Binlog_snapshot_position")) {
                                pos = Long.parseLong(rs.getString(2));
                            }
                        }
                    }
                }
                if (locked || mariadb) {
                    try (ResultSet rs = s.executeQuery(mariadb ? "SELECT @@gtid_binlog_pos" : "SELECT @@gtid_executed")) {
                        gtid = rs.next() ? rs.getString(1) : null;
                    }
                }
                return new Position(file == null || file.isEmpty() ? null : file, file == null || file.isEmpty() ? null : pos,
                        gtid == null || gtid.isEmpty() ? null : gtid);
            } catch (SQLException e) {
                // A user without the right to read the position still gets a consistent backup; the manifest says null.
                return NONE;
            }
        }
    }

    static boolean isMariaDb(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
    }

    /** Reads a table's definition from {@code information_schema}. */
    static final class MySqlCatalog {

        private MySqlCatalog() {
        }

        /** The primary key's first column if it is an integer, which the scan splits into ranges; else null. */
        static String rangeColumn(Connection c, MySqlTableName name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.COLUMN_NAME, c.DATA_TYPE FROM information_schema.STATISTICS s"
                    + " JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME"
                    + " AND c.COLUMN_NAME = s.COLUMN_NAME WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ?"
                    + " AND s.INDEX_NAME = 'PRIMARY' AND s.SEQ_IN_INDEX = 1")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && INTEGER_TYPES.contains(rs.getString(2).toLowerCase(java.util.Locale.ROOT))
                            ? rs.getString(1) : null;
                }
            }
        }

        static MySqlSchema read(Connection c, MySqlTableName name, Long autoIncrement, Position position, Instant takenAt,
                String snapshotId, int readers, boolean locked) throws SQLException {
            boolean mariadb = isMariaDb(c);
            TableStats stats = TableStats.read(c, name);
            if (stats == null) {
                throw new TableMissing("no table " + name);
            }
            List<MySqlSchema.Column> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, CHARACTER_SET_NAME,"
                    + " COLLATION_NAME, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(column(rs, mariadb));
                    }
                }
            }
            MySqlSchema.Index primary = null;
            List<MySqlSchema.Index> unique = new ArrayList<>();
            List<MySqlSchema.Index> indexes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME, SUB_PART,"
                    + " COLLATION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                    + " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    String current = null;
                    boolean isUnique = false;
                    String type = null;
                    List<MySqlSchema.IndexColumn> parts = new ArrayList<>();
                    while (true) {
                        boolean more = rs.next();
                        if (current != null && (!more || !current.equals(rs.getString(1)))) {
                            MySqlSchema.Index index = new MySqlSchema.Index(current, isUnique, type, parts);
                            if (current.equals("PRIMARY")) {
                                primary = index;
                            } else if (isUnique) {
                                unique.add(index);
                            } else {
                                indexes.add(index);
                            }
                            parts = new ArrayList<>();
                            current = null;
                        }
                        if (!more) {
                            break;
                        }
                        if (rs.getString(4) == null) {
                            throw new SQLException("index `" + rs.getString(1) + "` of " + name + " has an expression"
                                    + " key part, which Rehearsal does not restore");
                        }
                        current = rs.getString(1);
                        isUnique = rs.getInt(2) == 0;
                        type = rs.getString(3);
                        int sub = rs.getInt(5);
                        Integer prefix = rs.wasNull() ? null : sub;
                        parts.add(new MySqlSchema.IndexColumn(rs.getString(4), prefix, "D".equals(rs.getString(6))));
                    }
                }
            }
            List<MySqlSchema.Check> checks = new ArrayList<>();
            String checkSql = mariadb
                    ? "SELECT CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                            + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME"
                    : "SELECT k.CONSTRAINT_NAME, 'Table', k.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS k"
                            + " JOIN information_schema.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                            + " AND t.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK'"
                            + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? ORDER BY k.CONSTRAINT_NAME";
            try (PreparedStatement ps = c.prepareStatement(checkSql)) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        checks.add(new MySqlSchema.Check(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            String version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                version = rs.getString(1);
            }
            String first = primary == null ? null : primary.columns().get(0).name();
            String rangeColumn = first != null && columns.stream().anyMatch(col -> col.name().equals(first)
                    && INTEGER_TYPES.contains(col.dataType())) ? first : null;
            String low = null;
            String high = null;
            if (rangeColumn != null) {
                String q = MySqlTableName.quote(rangeColumn);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(MIN(" + q + ") AS CHAR),"
                        + " CAST(MAX(" + q + ") AS CHAR) FROM " + name.quoted())) {
                    rs.next();
                    low = rs.getString(1);
                    high = rs.getString(2);
                }
            }
            MySqlSchema.Snapshot snapshot = new MySqlSchema.Snapshot(takenAt, snapshotId, readers, locked, position.file(),
                    position.position(), position.gtid(), rangeColumn, low, high);
            return new MySqlSchema(name.database(), name.table(), stats.engine(), stats.collation(), columns, primary,
                    unique, indexes, checks, autoIncrement, version, snapshot);
        }

        private static MySqlSchema.Column column(ResultSet rs, boolean mariadb) throws SQLException {
            String extra = rs.getString(8) == null ? "" : rs.getString(8);
            String generated = null;
            if (extra.contains("VIRTUAL GENERATED")) {
                generated = "VIRTUAL";
            } else if (extra.contains("STORED GENERATED") || extra.contains("PERSISTENT GENERATED")) {
                generated = "STORED";
            }
            boolean defaultGenerated = extra.contains("DEFAULT_GENERATED");
            String rest = extra.replace("VIRTUAL GENERATED", "").replace("STORED GENERATED", "")
                    .replace("PERSISTENT GENERATED", "").replace("DEFAULT_GENERATED", "").trim().replaceAll(" +", " ");
            String dataType = rs.getString(3).toLowerCase(java.util.Locale.ROOT);
            boolean notNull = "NO".equals(rs.getString(6));
            String def = rs.getString(7);
            if (!mariadb) {
                // MySQL prints literals bare and expressions marked DEFAULT_GENERATED; written here as MariaDB does.
                if (def == null && !notNull && generated == null) {
                    def = "NULL";
                } else if (def != null && defaultGenerated) {
                    def = "(" + def + ")";
                } else if (def != null && !INTEGER_TYPES.contains(dataType) && !Set.of("decimal", "float", "double", "bit")
                        .contains(dataType)) {
                    def = MySqlTableName.literal(def);
                }
            }
            String expression = generated == null ? null : rs.getString(9);
            return new MySqlSchema.Column(rs.getString(1), rs.getString(2), dataType, rs.getString(4), rs.getString(5),
                    notNull, generated == null ? def : null, rest, generated, expression,
                    rs.getString(10) == null ? "" : rs.getString(10));
        }
    }
}
