package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresCopyText;
import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.ItemCodec;
import dev.rehearsal.drill.sink.QueryRunner;
import dev.rehearsal.drill.sink.TableInfo;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.UndecodableLineException;
import dev.rehearsal.drill.sink.TargetExistsException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * Restores into PostgreSQL, in one of two places. Built with the constructor, a restore target is a
 * sandbox <em>schema</em>, named as the sandbox guard names sandbox tables, holding the restored
 * table under its own name and the enum types it needs ({@link SandboxSchemas}). Built with
 * {@link #recovery}, a target is a new table {@code schema.table} in an existing schema of a
 * source's own database, for a restore during an incident ({@link SchemaTables}). Either way
 * {@link #create} makes the place, types and a bare table (columns, types, NOT NULL, defaults) in one
 * transaction; {@link #write} loads a batch with one {@code COPY ... FROM STDIN} on one of at most
 * {@code loadConnections} connections; {@link #finish} then adds the primary key, unique and check
 * constraints and builds the indexes, as pg_restore does, so the load never maintains an index row
 * by row.
 *
 * <p>Ownership of a sandbox schema is proven by the {@link dev.rehearsal.drill.sandbox.SandboxLedger}
 * entry the drill writes before {@link #create}; {@link #drop} runs {@code DROP SCHEMA ... CASCADE}
 * only once the guard has confirmed it, and nothing outside such a schema is ever dropped. A new
 * table is deleted ({@link #dropCreatedBy}) only when the ledger and the table's own mark both say
 * that the failed restore created it, and then only that table and the enum types the restore
 * created for it.
 */
public final class PostgresTableSink implements TableSink, QueryRunner {

    /** PostgreSQL keeps 63 bytes of an identifier and silently cuts the rest. */
    public static final int MAX_NAME = 63;
    private static final int BATCH = 500;

    private final PostgresConnector connector;
    private final SourceInfo info;
    private final SandboxGuard guard;
    private final PostgresPlacement placement;
    private final PostgresTableSource reader;
    private final Semaphore loadSlots;
    private final int loadConnections;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final Map<String, PostgresSchema> loading = new ConcurrentHashMap<>();
    private final Map<String, List<String>> warnings = new ConcurrentHashMap<>();
    /** Tables created short-lived (sandboxes), which finish does not analyze. */
    private final java.util.Set<String> shortLived = ConcurrentHashMap.newKeySet();
    /** Tables another process created that workers of this one write into now, with how many parts write. */
    private final Map<String, Integer> attached = new ConcurrentHashMap<>();

    /**
     * @param loadConnections how many COPY streams load at once, however many writer threads the restore runs
     */
    public PostgresTableSink(PostgresConnector connector, SourceInfo info, SandboxGuard guard, int loadConnections) {
        this(connector, info, guard, loadConnections, new SandboxSchemas());
    }

    /**
     * A sink that restores into new tables {@code schema.table} of existing schemas of the database
     * at {@code connector}, a source's own (see {@link SchemaTables} for names, enum types and marks).
     *
     * @param info  the source's, so that messages name it
     * @param guard its ledger records the new tables before they are created; its prefix is what
     *              {@link #list} and {@link #drop} of sandbox tables go by, as on any sink
     */
    public static PostgresTableSink recovery(PostgresConnector connector, SourceInfo info, SandboxGuard guard,
            int loadConnections) {
        return new PostgresTableSink(connector, info, guard, loadConnections, new SchemaTables(info));
    }

    private PostgresTableSink(PostgresConnector connector, SourceInfo info, SandboxGuard guard, int loadConnections,
            PostgresPlacement placement) {
        if (loadConnections < 1) {
            throw new IllegalArgumentException("loadConnections must be at least 1, was " + loadConnections);
        }
        this.connector = connector;
        this.info = info;
        this.guard = guard;
        this.placement = placement;
        this.loadSlots = new Semaphore(loadConnections);
        this.loadConnections = loadConnections;
        this.reader = new PostgresTableSource(info, connector, placement::resolve, Duration.ofSeconds(10));
    }

    /** A sandbox guard fit for PostgreSQL: names no longer than {@value #MAX_NAME}. */
    public static SandboxGuard guard(String prefix, java.util.Set<String> sourceTables,
            dev.rehearsal.drill.sandbox.SandboxLedger ledger) {
        return new SandboxGuard(prefix, sourceTables, ledger, MAX_NAME);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public ItemCodec codec(JsonNode schema) {
        return new PostgresRowCodec(schema);
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
    public void create(String table, JsonNode schemaJson, Map<String, String> tags, boolean onDemand) {
        placement.requireName(table);
        PostgresSchema schema = placement.restoredAs(table, schema(schemaJson));
        if (exists(table)) {
            throw new TargetExistsException(table, where());
        }
        List<String> skipped = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            skipped.clear();
            try (Connection c = connector.open()) {
                c.setAutoCommit(false);
                placement.prepare(c, table, schema, tags);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + placement.table(table, schema).quoted() + " ("
                            + String.join(", ", columns(schema, skipped)) + ")");
                }
                placement.marked(c, table, schema, tags);
                c.commit();
                break;
            } catch (SQLException e) {
                if ("42P06".equals(e.getSQLState()) || "42P07".equals(e.getSQLState())) {
                    throw new TargetExistsException(table, where());
                }
                if ("42710".equals(e.getSQLState()) && attempt == 1) {
                    continue; // a concurrent restore created an enum type this one needs: look again, reuse it
                }
                throw failed(table, "create", e);
            }
        }
        loading.put(table, schema);
        warnings.put(table, skipped);
        if (onDemand) {
            shortLived.add(table);
        }
    }

    /** Column definitions of the bare table; defaults that cannot be restored are added to {@code skipped}. */
    private static List<String> columns(PostgresSchema schema, List<String> skipped) {
        List<String> columns = new ArrayList<>();
        for (PostgresSchema.Column col : schema.columns()) {
            StringBuilder d = new StringBuilder(q(col.name())).append(' ').append(col.type());
            if (col.generated() != null) {
                d.append(" GENERATED ALWAYS AS (").append(col.generated()).append(") STORED");
            } else if (col.identity() != null) {
                d.append(" GENERATED ").append(col.identity()).append(" AS IDENTITY");
            } else if (PostgresSchemaComparison.restorable(col.defaultExpression())) {
                d.append(" DEFAULT ").append(col.defaultExpression());
            } else if (col.defaultExpression() != null) {
                skipped.add("default of column " + col.name() + " (" + col.defaultExpression()
                        + ") not restored: its sequence is not part of the backup");
            }
            if (col.notNull()) {
                d.append(" NOT NULL");
            }
            columns.add(d.toString());
        }
        return columns;
    }

    @Override
    public void attach(String table, JsonNode schemaJson) {
        placement.requireName(table);
        if (!exists(table)) {
            throw new IllegalStateException("table '" + table + "' does not exist at " + where()
                    + "; a worker writes only into a table its restore created");
        }
        attached.merge(table, 1, Integer::sum);
        loading.putIfAbsent(table, placement.restoredAs(table, schema(schemaJson)));
    }

    @Override
    public void detach(String table) {
        // The last worker part to finish forgets the table, unless this process created it.
        if (attached.merge(table, -1, (a, b) -> a + b == 0 ? null : a + b) == null && !warnings.containsKey(table)) {
            loading.remove(table);
        }
    }

    @Override
    public void write(String table, List<byte[]> lines) throws InterruptedException {
        PostgresSchema schema = loading.get(table);
        if (schema == null) {
            throw new IllegalStateException("table '" + table + "' was not created by this sink; create it first");
        }
        if (lines.size() > BATCH) {
            throw new IllegalArgumentException("at most " + BATCH + " rows per write, got " + lines.size());
        }
        List<String> columns = schema.dataColumns();
        String sql = "COPY " + placement.table(table, schema).quoted() + " ("
                + columns.stream().map(PostgresTableName::quote).collect(Collectors.joining(", ")) + ") FROM STDIN";
        // Rows are encoded only once a COPY stream is free, and streamed to it through a small
        // buffer: writers waiting for a stream hold their batch of lines and nothing more, so the
        // heap a restore needs does not grow with the number of writers times the batch's encoding.
        loadSlots.acquire();
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = loadConnection();
            }
            PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class), sql, 64 * 1024);
            try {
                PostgresLineTranscoder rows = new PostgresLineTranscoder(columns);
                for (byte[] line : lines) {
                    byte[] row;
                    try {
                        row = rows.copyRow(line);
                    } catch (RuntimeException e) {
                        throw new UndecodableLineException("a line is not a row of table '" + table + "': "
                                + e.getMessage(), e);
                    }
                    copy.write(row, 0, rows.length());
                }
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    cancelQuietly(copy);
                }
            }
            idle.add(c);
            c = null;
        } catch (SQLException | IOException e) {
            throw new PostgresSinkException(where(table) + ": COPY of " + lines.size() + " rows failed: "
                    + (e instanceof SQLException s ? PostgresTableSource.reason(s) : e.toString()), e);
        } finally {
            if (c != null) {
                closeQuietly(c);
            }
            loadSlots.release();
        }
    }

    /**
     * A connection for COPY streams. Its commits do not wait for their WAL to reach the disk
     * ({@code synchronous_commit = off}): a write returns once its rows are committed, and they are
     * durable at the latest when {@link #finish} returns, since finish's own commits do wait, and
     * flushing the WAL up to them flushes every commit before. A crash before then loses at most the
     * last few hundred milliseconds of committed batches of a restore that had not finished, whose
     * target is incomplete and deleted either way; what a finished restore reports is on disk.
     */
    private Connection loadConnection() throws SQLException {
        Connection c = connector.open();
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    /** Ends a COPY cut short, leaving the error that cut it short to be reported. */
    private static void cancelQuietly(PGCopyOutputStream copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException ignored) {
            // The connection is closed next anyway.
        }
    }

    @Override
    public int maxBatch() {
        return BATCH;
    }

    /** One write per COPY stream: a writer beyond them would wait for a stream, holding its batch. */
    @Override
    public int concurrentWrites() {
        return loadConnections;
    }

    @Override
    public List<String> finish(String table, JsonNode schemaJson) throws InterruptedException {
        PostgresSchema schema = restoredAs(table, schemaJson);
        PostgresIndexBuild build = PostgresIndexBuild.of(placement.table(table, schema).quoted(), schema,
                !shortLived.contains(table));
        try (Connection c = finishing(table)) {
            run(table, c, build.first());
        } catch (SQLException e) {
            throw failed(table, "finish", e);
        }
        buildInParallel(table, build.parallel());
        try (Connection c = finishing(table)) {
            run(table, c, build.last());
        } catch (SQLException e) {
            throw failed(table, "finish", e);
        }
        loading.remove(table);
        shortLived.remove(table);
        List<String> w = warnings.remove(table);
        return w == null ? List.of() : w;
    }

    /** A connection for the statements after the load: the target's schema first on the search path, room to sort. */
    private Connection finishing(String table) throws SQLException {
        Connection c = connector.open();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path = " + q(placement.schema(table)) + ", pg_catalog");
            s.execute("SET maintenance_work_mem = '256MB'");
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private void run(String table, Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw failed(table, "statement [" + sql + "]", e);
                }
            }
        }
    }

    /**
     * Runs {@code statements} at once, each on a connection of its own, at most as many at a time as
     * there are COPY streams. The first failure cancels the statements still running and is
     * reported; so is a cancel of the restore. Whatever was built stays until the target is dropped.
     */
    private void buildInParallel(String table, List<String> statements) throws InterruptedException {
        if (statements.isEmpty()) {
            return;
        }
        int threads = Math.min(statements.size(), loadConnections);
        java.util.concurrent.ConcurrentLinkedQueue<String> todo = new java.util.concurrent.ConcurrentLinkedQueue<>(statements);
        java.util.Set<Statement> running = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rehearsal-postgres-index");
            t.setDaemon(true);
            return t;
        });
        Runnable cancelRunning = () -> running.forEach(PostgresTableSink::cancelQuietly);
        try {
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tasks.add(pool.submit(() -> {
                    String sql = null;
                    try (Connection c = finishing(table); Statement s = c.createStatement()) {
                        running.add(s);
                        while (failure.get() == null && (sql = todo.poll()) != null) {
                            s.execute(sql);
                        }
                    } catch (SQLException | RuntimeException e) {
                        RuntimeException f = e instanceof SQLException se
                                ? failed(table, sql == null ? "finish" : "statement [" + sql + "]", se)
                                : (RuntimeException) e;
                        if (failure.compareAndSet(null, f)) {
                            cancelRunning.run();
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : tasks) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new IllegalStateException("cancelled"));
            cancelRunning.run();
            throw e;
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Cancels a statement another thread runs; its thread reports the cancel. */
    private static void cancelQuietly(Statement s) {
        try {
            s.cancel();
        } catch (SQLException ignored) {
            // The statement ended already, or its connection is gone; either way it runs no longer.
        }
    }

    @Override
    public List<String> schemaDifferences(JsonNode backupSchema, String table) {
        return PostgresSchemaComparison.differences(ManifestCodec.mapper().valueToTree(restoredAs(table, backupSchema)),
                reader.describe(table).schema());
    }

    @Override
    public TableSource reader() {
        return reader;
    }

    @Override
    public Optional<byte[]> fetch(String table, JsonNode schemaJson, byte[] line) {
        PostgresSchema schema = restoredAs(table, schemaJson);
        PostgresRowCodec codec = new PostgresRowCodec(schema);
        String[] values = codec.values(line);
        String[] key = codec.keyValues(values);
        List<String> where = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            String column = codec.keyColumns().get(i);
            if (key[i] == null) {
                where.add(q(column) + " IS NULL");
            } else if (schema.primaryKey() != null) {
                where.add(q(column) + " = " + PostgresTableName.literal(key[i]));
            } else {
                // No primary key: every column is the key, and some types (json) have no equality.
                String type = schema.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow().type();
                where.add(q(column) + "::text = CAST(" + PostgresTableName.literal(key[i]) + " AS " + type + ")::text");
            }
        }
        String select = "SELECT " + codec.columns().stream().map(PostgresTableName::quote).collect(Collectors.joining(", "))
                + " FROM " + placement.table(table, schema).quoted() + " WHERE " + String.join(" AND ", where) + " LIMIT 1";
        try (Connection c = connector.open()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path = " + q(placement.schema(table)) + ", pg_catalog");
            }
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT");
            byte[] row = copy.readFromCopy();
            if (row == null) {
                // No such row: the copy has ended, and reading it again would fail.
                return Optional.empty();
            }
            while (copy.readFromCopy() != null) {
                // LIMIT 1: nothing more comes.
            }
            return Optional.of(dev.rehearsal.core.source.postgres.PostgresRowJson.line(codec.columns(),
                    PostgresCopyText.decode(row, codec.columns().size())));
        } catch (SQLException e) {
            throw failed(table, "fetch by key " + codec.key(line), e);
        }
    }

    @Override
    public List<TableInfo> list(String prefix) {
        try (Connection c = connector.open()) {
            return placement.list(c, prefix);
        } catch (SQLException e) {
            throw new PostgresSinkException(where() + ": listing under '" + prefix + "' failed: "
                    + PostgresTableSource.reason(e), e);
        }
    }

    /**
     * A sandbox schema has no tags: ownership is the ledger's word alone. A new table's tags are the
     * marks in its comment (see {@link SchemaTables}).
     */
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
        remove(table.name(), SandboxGuard.DRILL_TAG, table.drillId());
    }

    @Override
    public void dropCreatedBy(String table, String restoreId) throws InterruptedException {
        if (!placement.holdsNewTables()) {
            throw new UnsupportedOperationException("a sandbox sink restores into no new tables, so it deletes none;"
                    + " sandbox schemas are deleted with drop");
        }
        RestoredTables.authorizeDrop(table, restoreId, tags(table), guard.ledger());
        remove(table, RestoredTables.RESTORE_TAG, restoreId);
    }

    /** Removes a target whose removal is authorized, and what was created with it under mark {@code key=value}. */
    private void remove(String table, String key, String value) {
        // The verifiers' snapshots of the target hold a lock that DROP would wait on until their lease ends.
        reader.endSnapshots(table);
        try (Connection c = connector.open()) {
            placement.remove(c, table, key, value);
        } catch (SQLException e) {
            throw failed(table, "drop", e);
        }
        loading.remove(table);
        warnings.remove(table);
        shortLived.remove(table);
        guard.ledger().release(table);
    }

    @Override
    public boolean markPartial(String table, String restoreId) {
        try (Connection c = connector.open()) {
            return placement.markPartial(c, table, restoreId);
        } catch (SQLException e) {
            throw failed(table, "mark as partial", e);
        }
    }

    @Override
    public List<List<String>> query(String table, String sql) {
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                s.execute("SET LOCAL search_path = " + q(placement.schema(table)) + ", pg_catalog");
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
                }
            } finally {
                c.rollback();
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

    /** The definition of the table restored as {@code table}: the backup's, with the names its place requires. */
    private PostgresSchema restoredAs(String table, JsonNode schemaJson) {
        return placement.restoredAs(table, schema(schemaJson));
    }

    private static String q(String identifier) {
        return PostgresTableName.quote(identifier);
    }

    private static PostgresSchema schema(JsonNode json) {
        return ManifestCodec.mapper().treeToValue(json, PostgresSchema.class);
    }

    private PostgresSinkException failed(String table, String what, SQLException e) {
        return new PostgresSinkException(where(table) + ": " + what + " failed: " + PostgresTableSource.reason(e), e);
    }

    private String where() {
        return "postgres at " + info.endpoint();
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
