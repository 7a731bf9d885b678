package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.mysql.MySqlConnector;
import dev.rehearsal.core.source.mysql.MySqlReaders;
import dev.rehearsal.core.source.mysql.MySqlRowJson;
import dev.rehearsal.core.source.mysql.MySqlSchema;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.core.source.mysql.MySqlTableSource;
import dev.rehearsal.core.source.mysql.MySqlValues;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.ItemCodec;
import dev.rehearsal.drill.sink.QueryRunner;
import dev.rehearsal.drill.sink.TableInfo;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.TargetExistsException;
import dev.rehearsal.drill.sink.UndecodableLineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Restores into MySQL or MariaDB, in one of two places. Built with the constructor, a restore target
 * is a sandbox <em>database</em>, named as the sandbox guard names sandbox tables, holding the
 * restored table under its own name ({@link SandboxDatabases}). Built with {@link #recovery}, a
 * target is a new table {@code database.table} in an existing database of a source's own server
 * ({@link NewTables}). Either way {@link #create} makes the table with its columns (types, character
 * sets, collations, NOT NULL, defaults, generation, AUTO_INCREMENT and its counter), its primary key
 * (InnoDB stores rows in primary-key order, so it is there from the start) and its CHECK
 * constraints; {@link #write} streams a batch to {@code LOAD DATA LOCAL INFILE} (multi-row
 * {@code INSERT}s where the server refuses it) on one of at most {@code loadConnections}
 * connections, and fails on any value the server would change and any row it would skip; {@link #finish} then adds the unique keys and indexes in one
 * {@code ALTER TABLE}, so the load never maintains a secondary index row by row.
 *
 * <p>Ownership of a sandbox database is proven by the {@link SandboxLedger} entry the drill writes
 * before {@link #create}; {@link #drop} runs {@code DROP DATABASE} only once the guard has
 * confirmed it. A new table is deleted ({@link #dropCreatedBy}) only when the ledger and the mark in
 * the table's comment both say that the failed restore created it.
 */
public final class MySqlTableSink implements TableSink, QueryRunner {

    /** MySQL allows 64 characters in a database or table name. */
    public static final int MAX_NAME = 64;
    private static final int BATCH = 2_000;
    /** An INSERT statement is cut at this many bytes (or the server's max_allowed_packet, if smaller). */
    private static final int STATEMENT_BYTES = 4 * 1024 * 1024;
    /** "The used command is not allowed with this MySQL version" (local_infile off on MySQL). */
    private static final int LOCAL_INFILE_REFUSED = 1148;
    /** MariaDB's "the server or client has disabled the local infile capability". */
    private static final int LOCAL_INFILE_DISABLED = 4166;

    private final MySqlConnector connector;
    private final SourceInfo info;
    private final SandboxGuard guard;
    private final MySqlPlacement placement;
    private final MySqlTableSource reader;
    private final Semaphore loadSlots;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final Map<String, MySqlSchema> loading = new ConcurrentHashMap<>();
    private final Map<String, Integer> attached = new ConcurrentHashMap<>();
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private volatile int statementBytes;
    /** Set once the server refuses LOAD DATA LOCAL INFILE; loads then use multi-row INSERTs. */
    private volatile boolean insertsOnly;

    /**
     * A sink that restores each target into a sandbox database of its own on the server at {@code connector}.
     *
     * @param loadConnections how many connections load at once, however many writer threads the restore runs
     */
    public MySqlTableSink(MySqlConnector connector, SourceInfo info, SandboxGuard guard, int loadConnections) {
        this(connector, info, guard, loadConnections, new SandboxDatabases());
    }

    /**
     * A sink that restores into new tables {@code database.table} of existing databases on the server
     * at {@code connector}, a source's own (see {@link NewTables}).
     *
     * @param info  the source's, so that messages name it
     * @param guard its ledger records the new tables before they are created
     */
    public static MySqlTableSink recovery(MySqlConnector connector, SourceInfo info, SandboxGuard guard,
            int loadConnections) {
        return new MySqlTableSink(connector, info, guard, loadConnections, new NewTables(info));
    }

    private MySqlTableSink(MySqlConnector connector, SourceInfo info, SandboxGuard guard, int loadConnections,
            MySqlPlacement placement) {
        if (loadConnections < 1) {
            throw new IllegalArgumentException("loadConnections must be at least 1, was " + loadConnections);
        }
        this.connector = connector;
        this.info = info;
        this.guard = guard;
        this.placement = placement;
        this.loadSlots = new Semaphore(loadConnections);
        this.reader = new MySqlTableSource(info, connector, placement::resolve,
                MySqlReaders.DEFAULT.withLock(MySqlReaders.Lock.OR_SINGLE_READER), Duration.ofSeconds(10));
    }

    /** A sandbox guard fit for MySQL: names no longer than {@value #MAX_NAME}. */
    public static SandboxGuard guard(String prefix, Set<String> sourceTables, SandboxLedger ledger) {
        return new SandboxGuard(prefix, sourceTables, ledger, MAX_NAME);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public ItemCodec codec(JsonNode schema) {
        return new MySqlRowCodec(schema);
    }

    @Override
    public boolean exists(String table) {
        try (Connection c = connector.open()) {
            return placement.exists(c, table);
        } catch (SQLException e) {
            throw failed(table, "look up", e);
        }
    }

    @Override
    public void create(String table, JsonNode schemaJson, Map<String, String> marks, boolean shortLived) {
        placement.requireName(table);
        MySqlSchema schema = restoredAs(table, schemaJson);
        for (MySqlSchema.Column col : schema.dataColumnDefinitions()) {
            MySqlValues.form(col);
        }
        if (exists(table)) {
            throw new TargetExistsException(table, where());
        }
        String ddl = createTable(schema, MySqlPlacement.comment((placement.holdsNewTables() ? "restore of " : "sandbox of ")
                + schemaJson.path("databaseName").asString("?") + "." + schema.tableName(), marks));
        try (Connection c = connector.open()) {
            try {
                placement.prepare(c, table);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1007 || e.getErrorCode() == 1050) {
                    throw new TargetExistsException(table, where());
                }
                throw e;
            }
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
            } catch (SQLException e) {
                placement.abandon(c, table);
                if (e.getErrorCode() == 1050) {
                    throw new TargetExistsException(table, where());
                }
                throw failed(table, "statement [" + ddl + "]", e);
            }
        } catch (SQLException e) {
            throw failed(table, "create", e);
        }
        loading.put(table, schema);
        created.add(table);
    }

    /** The CREATE TABLE statement: columns, primary key and CHECK constraints; unique keys and indexes come in {@link #finish}. */
    static String createTable(MySqlSchema schema, String comment) {
        List<String> parts = new ArrayList<>();
        Map<String, MySqlSchema.Check> columnChecks = new HashMap<>();
        for (MySqlSchema.Check k : schema.checks()) {
            if ("Column".equalsIgnoreCase(k.level())) {
                columnChecks.put(k.name(), k);
            }
        }
        for (MySqlSchema.Column col : schema.columns()) {
            StringBuilder d = new StringBuilder(q(col.name())).append(' ').append(col.type());
            if (col.characterSet() != null) {
                d.append(" CHARACTER SET ").append(col.characterSet());
            }
            if (col.collation() != null) {
                d.append(" COLLATE ").append(col.collation());
            }
            if (col.generated() != null) {
                d.append(" GENERATED ALWAYS AS (").append(col.expression()).append(") ").append(col.generated());
            } else {
                d.append(col.notNull() ? " NOT NULL" : " NULL");
                if (col.defaultValue() != null) {
                    d.append(" DEFAULT ").append(col.defaultValue());
                }
            }
            if (!col.extra().isEmpty()) {
                d.append(' ').append(col.extra());
            }
            if (!col.comment().isEmpty()) {
                d.append(" COMMENT ").append(MySqlTableName.literal(col.comment()));
            }
            MySqlSchema.Check check = columnChecks.get(col.name());
            if (check != null) {
                d.append(" CHECK (").append(check.clause()).append(')');
            }
            parts.add(d.toString());
        }
        if (schema.primaryKey() != null) {
            parts.add("PRIMARY KEY " + keyParts(schema.primaryKey()));
        }
        for (MySqlSchema.Check k : schema.checks()) {
            if (!columnChecks.containsKey(k.name()) || !"Column".equalsIgnoreCase(k.level())) {
                parts.add("CONSTRAINT " + q(k.name()) + " CHECK (" + k.clause() + ")");
            }
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE ")
                .append(new MySqlTableName(schema.databaseName(), schema.tableName()).quoted())
                .append(" (").append(String.join(", ", parts)).append(") ENGINE=").append(schema.engine());
        if (schema.tableCollation() != null) {
            sql.append(" DEFAULT COLLATE=").append(schema.tableCollation());
        }
        if (schema.autoIncrement() != null) {
            sql.append(" AUTO_INCREMENT=").append(schema.autoIncrement());
        }
        return sql.append(" COMMENT=").append(MySqlTableName.literal(comment)).toString();
    }

    private static String keyParts(MySqlSchema.Index index) {
        return "(" + index.columns().stream().map(p -> q(p.name()) + (p.prefix() != null ? "(" + p.prefix() + ")" : "")
                + (p.descending() ? " DESC" : "")).collect(Collectors.joining(", ")) + ")"
                + ("HASH".equalsIgnoreCase(index.type()) ? " USING HASH" : "");
    }

    private static String indexClause(MySqlSchema.Index index) {
        String kind = switch (index.type() == null ? "BTREE" : index.type().toUpperCase(java.util.Locale.ROOT)) {
            case "FULLTEXT" -> "FULLTEXT INDEX ";
            case "SPATIAL" -> "SPATIAL INDEX ";
            default -> index.unique() ? "UNIQUE INDEX " : "INDEX ";
        };
        return "ADD " + kind + q(index.name()) + " " + keyParts(index);
    }

    @Override
    public void attach(String table, JsonNode schemaJson) {
        placement.requireName(table);
        if (!exists(table)) {
            throw new IllegalStateException("table '" + table + "' does not exist at " + where()
                    + "; a worker writes only into a table its restore created");
        }
        attached.merge(table, 1, Integer::sum);
        loading.putIfAbsent(table, restoredAs(table, schemaJson));
    }

    @Override
    public void detach(String table) {
        if (attached.merge(table, -1, (a, b) -> a + b == 0 ? null : a + b) == null && !created.contains(table)) {
            loading.remove(table);
        }
    }

    @Override
    public void write(String table, List<byte[]> lines) throws InterruptedException {
        MySqlSchema schema = loading.get(table);
        if (schema == null) {
            throw new IllegalStateException("table '" + table + "' was not created by this sink; create it first");
        }
        if (lines.size() > BATCH) {
            throw new IllegalArgumentException("at most " + BATCH + " rows per write, got " + lines.size());
        }
        if (lines.isEmpty()) {
            return;
        }
        List<MySqlSchema.Column> columns = schema.dataColumnDefinitions();
        MySqlValues.Form[] forms = columns.stream().map(MySqlValues::form).toArray(MySqlValues.Form[]::new);
        MySqlRowJson json = new MySqlRowJson(schema.dataColumns());
        List<String[]> rows = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            try {
                rows.add(json.values(line));
            } catch (IllegalArgumentException e) {
                throw new UndecodableLineException("a line is not a row of table '" + table + "': " + e.getMessage(), e);
            }
        }
        MySqlTableName target = new MySqlTableName(schema.databaseName(), schema.tableName());
        loadSlots.acquire();
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = connector.open(true);
            }
            if (!insertsOnly) {
                try {
                    loadData(c, target, columns, forms, rows);
                } catch (SQLException e) {
                    if (e.getErrorCode() != LOCAL_INFILE_REFUSED && e.getErrorCode() != LOCAL_INFILE_DISABLED) {
                        throw e;
                    }
                    // The server (or its configuration) allows no LOAD DATA LOCAL: multi-row INSERTs from now on.
                    insertsOnly = true;
                }
            }
            if (insertsOnly) {
                insert(c, target, columns, forms, rows);
            }
            idle.add(c);
            c = null;
        } catch (SQLException | IOException e) {
            throw new MySqlSinkException(where(table) + ": loading " + lines.size() + " rows failed: "
                    + (e instanceof SQLException s ? MySqlTableSource.reason(s) : e.toString()), e);
        } finally {
            if (c != null) {
                closeQuietly(c);
            }
            loadSlots.release();
        }
    }

    /**
     * One {@code LOAD DATA LOCAL INFILE} of the rows, streamed from memory in the server's
     * tab-separated form: binary values travel as hex and BIT values as decimal through user
     * variables. With LOCAL the server turns what would be errors into warnings and skips
     * duplicates, so any warning, and any row not loaded, fails the write naming the table.
     */
    private static void loadData(Connection c, MySqlTableName target, List<MySqlSchema.Column> columns,
            MySqlValues.Form[] forms, List<String[]> rows) throws SQLException, IOException {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String q = q(columns.get(i).name());
            switch (forms[i]) {
                case BINARY -> {
                    targets.add("@v" + i);
                    sets.add(q + " = UNHEX(@v" + i + ")");
                }
                case BIT -> {
                    targets.add("@v" + i);
                    sets.add(q + " = CAST(@v" + i + " AS UNSIGNED)");
                }
                default -> targets.add(q);
            }
        }
        String sql = "LOAD DATA LOCAL INFILE 'rehearsal-rows' INTO TABLE " + target.quoted() + " CHARACTER SET utf8mb4"
                + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream(rows.size() * 128);
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    data.write('\t');
                }
                if (row[i] == null) {
                    data.write('\\');
                    data.write('N');
                    continue;
                }
                if (forms[i] == MySqlValues.Form.BINARY || forms[i] == MySqlValues.Form.BIT) {
                    MySqlValues.appendLiteral(new StringBuilder(), row[i], forms[i]); // refuses what is not of the form
                }
                byte[] bytes = row[i].getBytes(StandardCharsets.UTF_8);
                int from = 0;
                for (int b = 0; b < bytes.length; b++) {
                    byte escaped = switch (bytes[b]) {
                        case '\\' -> '\\';
                        case '\t' -> 't';
                        case '\n' -> 'n';
                        case 0 -> '0';
                        default -> -1;
                    };
                    if (escaped != -1) {
                        data.write(bytes, from, b - from);
                        data.write('\\');
                        data.write(escaped);
                        from = b + 1;
                    }
                }
                data.write(bytes, from, bytes.length - from);
            }
            data.write('\n');
        }
        try (Statement s = c.createStatement()) {
            s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(
                    new java.io.ByteArrayInputStream(data.toByteArray()));
            long loaded = s.executeLargeUpdate(sql);
            SQLWarning warning = s.getWarnings();
            if (warning != null) {
                throw new SQLException("the server changed or skipped a value: " + warning.getMessage(), "22000", 0);
            }
            if (loaded != rows.size()) {
                throw new SQLException(loaded + " of " + rows.size() + " rows loaded; the others were duplicates of a"
                        + " primary key", "23000", 1062);
            }
        }
    }

    /** Multi-row INSERTs of the rows, each statement within the server's packet limit. */
    private void insert(Connection c, MySqlTableName target, List<MySqlSchema.Column> columns, MySqlValues.Form[] forms,
            List<String[]> rows) throws SQLException {
        String head = "INSERT INTO " + target.quoted() + " ("
                + columns.stream().map(col -> q(col.name())).collect(Collectors.joining(", ")) + ") VALUES ";
        int limit = statementBytes(c);
        try (Statement s = c.createStatement()) {
            StringBuilder sql = new StringBuilder(head);
            int count = 0;
            for (String[] values : rows) {
                int mark = sql.length();
                sql.append(count == 0 ? "(" : ",(");
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        sql.append(',');
                    }
                    MySqlValues.appendLiteral(sql, values[i], forms[i]);
                }
                sql.append(')');
                count++;
                if (sql.length() * 3L > limit && count > 1) {
                    // This row makes the statement too long: send the ones before it, start again with it.
                    String row = sql.substring(mark + 1);
                    sql.setLength(mark);
                    s.executeUpdate(sql.toString());
                    sql.setLength(0);
                    sql.append(head).append(row);
                    count = 1;
                }
            }
            s.executeUpdate(sql.toString());
        }
    }

    /** Whether loads go through LOAD DATA LOCAL INFILE (false once the server refused it); for tests. */
    boolean loadsWithLoadData() {
        return !insertsOnly;
    }

    /** The longest statement this sink sends, in bytes: {@value #STATEMENT_BYTES}, or less if the server allows less. */
    private int statementBytes(Connection c) throws SQLException {
        if (statementBytes == 0) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
                rs.next();
                statementBytes = (int) Math.min(STATEMENT_BYTES, rs.getLong(1) / 2);
            }
        }
        return statementBytes;
    }

    @Override
    public int maxBatch() {
        return BATCH;
    }

    @Override
    public List<String> finish(String table, JsonNode schemaJson) {
        MySqlSchema schema = restoredAs(table, schemaJson);
        String target = new MySqlTableName(schema.databaseName(), schema.tableName()).quoted();
        List<String> clauses = new ArrayList<>();
        schema.uniqueKeys().forEach(i -> clauses.add(indexClause(i)));
        schema.indexes().forEach(i -> clauses.add(indexClause(i)));
        List<String> statements = new ArrayList<>();
        if (!clauses.isEmpty()) {
            statements.add("ALTER TABLE " + target + " " + String.join(", ", clauses));
        }
        statements.add("ANALYZE TABLE " + target);
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw failed(table, "statement [" + sql + "]", e);
                }
            }
        } catch (SQLException e) {
            throw failed(table, "finish", e);
        }
        loading.remove(table);
        created.remove(table);
        return List.of();
    }

    @Override
    public List<String> schemaDifferences(JsonNode backupSchema, String table) {
        return MySqlSchemaComparison.differences(ManifestCodec.mapper().valueToTree(restoredAs(table, backupSchema)),
                reader.describe(table).schema());
    }

    @Override
    public TableSource reader() {
        return reader;
    }

    @Override
    public Optional<byte[]> fetch(String table, JsonNode schemaJson, byte[] line) {
        MySqlSchema schema = restoredAs(table, schemaJson);
        MySqlRowCodec codec = new MySqlRowCodec(schema);
        List<MySqlSchema.Column> columns = schema.dataColumnDefinitions();
        String[] values = codec.values(line);
        String[] key = codec.keyValues(values);
        List<String> where = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            String name = codec.keyColumns().get(i);
            MySqlSchema.Column col = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            MySqlValues.Form form = MySqlValues.form(col);
            StringBuilder cond = new StringBuilder();
            if (key[i] == null) {
                cond.append(q(name)).append(" IS NULL");
            } else if (form == MySqlValues.Form.BINARY || form == MySqlValues.Form.BIT) {
                cond.append(q(name)).append(" = ");
                MySqlValues.appendLiteral(cond, key[i], form);
            } else {
                // The text form compared byte for byte, so that a case- or accent-insensitive collation
                // cannot find a different row than the one the backup holds.
                cond.append(MySqlValues.select(col)).append(" COLLATE utf8mb4_bin = ");
                MySqlValues.appendLiteral(cond, key[i], form);
            }
            where.add(cond.toString());
        }
        MySqlValues.Form[] forms = columns.stream().map(MySqlValues::form).toArray(MySqlValues.Form[]::new);
        String select = "SELECT " + columns.stream().map(MySqlValues::select).collect(Collectors.joining(", "))
                + " FROM " + new MySqlTableName(schema.databaseName(), schema.tableName()).quoted()
                + " WHERE " + String.join(" AND ", where) + " LIMIT 1";
        try (Connection c = connector.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String[] found = new String[columns.size()];
            for (int i = 0; i < found.length; i++) {
                found[i] = MySqlValues.read(rs, i + 1, forms[i]);
            }
            return Optional.of(MySqlRowJson.line(codec.columns(), found));
        } catch (SQLException e) {
            throw failed(table, "fetch by key " + codec.key(line), e);
        }
    }

    @Override
    public List<TableInfo> list(String prefix) {
        try (Connection c = connector.open()) {
            return placement.list(c, prefix);
        } catch (SQLException e) {
            throw new MySqlSinkException(where() + ": listing under '" + prefix + "' failed: "
                    + MySqlTableSource.reason(e), e);
        }
    }

    /** A sandbox database has no tags: ownership is the ledger's word alone. A new table's tags are the marks in its comment. */
    @Override
    public Optional<Map<String, String>> tags(String table) {
        if (!placement.holdsNewTables()) {
            return Optional.empty();
        }
        try (Connection c = connector.open()) {
            return placement.tags(c, table);
        } catch (SQLException e) {
            throw failed(table, "read the marks of", e);
        }
    }

    @Override
    public void drop(SandboxTable table) {
        guard.authorizeDrop(table, tags(table.name()));
        remove(table.name());
    }

    @Override
    public void dropCreatedBy(String table, String restoreId) {
        if (!placement.holdsNewTables()) {
            throw new UnsupportedOperationException("a sandbox sink restores into no new tables, so it deletes none;"
                    + " sandbox databases are deleted with drop");
        }
        RestoredTables.authorizeDrop(table, restoreId, tags(table), guard.ledger());
        remove(table);
    }

    /** Removes a target whose removal is authorized. */
    private void remove(String table) {
        // The verifiers' snapshots hold metadata locks that DROP would wait on until their lease ends.
        reader.endSnapshots(table);
        try (Connection c = connector.open()) {
            placement.remove(c, table);
        } catch (SQLException e) {
            throw failed(table, "drop", e);
        }
        loading.remove(table);
        created.remove(table);
        guard.ledger().release(table);
    }

    @Override
    public boolean markPartial(String table, String restoreId) {
        if (!placement.holdsNewTables()) {
            return false;
        }
        MySqlTableName t = MySqlTableName.parse(table);
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            String comment = null;
            try (ResultSet rs = s.executeQuery("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                    + MySqlTableName.literal(t.database()) + " AND TABLE_NAME = " + MySqlTableName.literal(t.table()))) {
                if (rs.next()) {
                    comment = rs.getString(1);
                }
            }
            if (comment == null) {
                return false;
            }
            s.execute("ALTER TABLE " + t.quoted() + " COMMENT = " + MySqlTableName.literal(comment + " "
                    + RestoredTables.PARTIAL_TAG + "=" + restoreId + ";"));
            return true;
        } catch (SQLException e) {
            throw failed(table, "mark as partial", e);
        }
    }

    /** Runs a read-only query with the target's database as the default one, in a transaction rolled back after. */
    @Override
    public List<List<String>> query(String table, String sql) {
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            MySqlTableName t;
            try {
                t = placement.resolve(c, table);
            } catch (SQLException e) {
                throw failed(table, "resolve", e);
            }
            if (t == null) {
                throw new IllegalArgumentException("no table '" + table + "' at " + where());
            }
            s.execute("USE " + MySqlTableName.quote(t.database()));
            s.execute("START TRANSACTION READ ONLY");
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            } finally {
                s.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            throw failed(table, "query [" + sql + "]", e);
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
        reader.close();
    }

    private MySqlSchema restoredAs(String table, JsonNode schemaJson) {
        return placement.restoredAs(table, ManifestCodec.mapper().treeToValue(schemaJson, MySqlSchema.class));
    }

    private static String q(String identifier) {
        return MySqlTableName.quote(identifier);
    }

    private MySqlSinkException failed(String table, String what, SQLException e) {
        return new MySqlSinkException(where(table) + ": " + what + " failed: " + MySqlTableSource.reason(e), e);
    }

    private String where() {
        return "mysql at " + info.endpoint();
    }

    private String where(String table) {
        return placement.describe(table) + " in " + where();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing left to do with a connection that failed.
        }
    }
}
