package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresCopyText;
import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.ItemCodec;
import dev.rehearsal.drill.sink.QueryRunner;
import dev.rehearsal.drill.sink.TableInfo;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.UndecodableLineException;
import dev.rehearsal.drill.sink.TargetExistsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * Restores into PostgreSQL. A restore target here is a sandbox <em>schema</em>, named as the
 * sandbox guard names sandbox tables, holding the restored table under its own name and the enum
 * types it needs. {@link #create} makes the schema, types and a bare table (columns, types, NOT
 * NULL, defaults) in one transaction; {@link #write} loads a batch with one
 * {@code COPY ... FROM STDIN} on one of at most {@code loadConnections} connections; {@link #finish}
 * then adds the primary key, unique and check constraints and builds the indexes, as pg_restore
 * does, so the load never maintains an index row by row.
 *
 * <p>Ownership of a sandbox schema is proven by the {@link dev.rehearsal.drill.sandbox.SandboxLedger}
 * entry the drill writes before {@link #create}; {@link #drop} runs {@code DROP SCHEMA ... CASCADE}
 * only once the guard has confirmed it, and nothing outside such a schema is ever dropped.
 */
public final class PostgresTableSink implements TableSink, QueryRunner {

    /** PostgreSQL keeps 63 bytes of an identifier and silently cuts the rest. */
    public static final int MAX_NAME = 63;
    private static final int BATCH = 2_000;
    private static final Pattern CREATED = Pattern.compile("created (\\S+)");

    private final PostgresConnector connector;
    private final SourceInfo info;
    private final SandboxGuard guard;
    private final PostgresTableSource reader;
    private final Semaphore loadSlots;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final Map<String, PostgresSchema> loading = new ConcurrentHashMap<>();
    private final Map<String, List<String>> warnings = new ConcurrentHashMap<>();

    /**
     * @param loadConnections how many COPY streams load at once, however many writer threads the restore runs
     */
    public PostgresTableSink(PostgresConnector connector, SourceInfo info, SandboxGuard guard, int loadConnections) {
        if (loadConnections < 1) {
            throw new IllegalArgumentException("loadConnections must be at least 1, was " + loadConnections);
        }
        this.connector = connector;
        this.info = info;
        this.guard = guard;
        this.loadSlots = new Semaphore(loadConnections);
        this.reader = new PostgresTableSource(info, connector, PostgresTableSink::sandboxTable, Duration.ofSeconds(10));
    }

    /** A sandbox guard fit for PostgreSQL: names no longer than {@value #MAX_NAME}. */
    public static SandboxGuard guard(String prefix, java.util.Set<String> sourceTables,
            dev.rehearsal.drill.sandbox.SandboxLedger ledger) {
        return new SandboxGuard(prefix, sourceTables, ledger, MAX_NAME);
    }

    /** The one table in sandbox schema {@code name}, or null. */
    private static PostgresTableName sandboxTable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY c.relname")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new PostgresTableName(name, rs.getString(1)) : null;
            }
        }
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
        try (Connection c = connector.open();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failed(table, "look up", e);
        }
    }

    @Override
    public void create(String table, JsonNode schemaJson, Map<String, String> tags, boolean onDemand) {
        requireName(table);
        PostgresSchema schema = schema(schemaJson);
        if (exists(table)) {
            throw new TargetExistsException(table, where());
        }
        List<String> skipped = new ArrayList<>();
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + q(table));
                s.execute("COMMENT ON SCHEMA " + q(table) + " IS " + PostgresTableName.literal("Rehearsal sandbox of "
                        + schema.schemaName() + "." + schema.tableName() + ", drill "
                        + tags.getOrDefault(SandboxGuard.DRILL_TAG, "?") + ", created " + Instant.now()));
                s.execute("SET LOCAL search_path = " + q(table) + ", pg_catalog");
                for (PostgresSchema.EnumType e : schema.enumTypes()) {
                    s.execute("CREATE TYPE " + q(e.name()) + " AS ENUM (" + e.labels().stream()
                            .map(PostgresTableName::literal).collect(Collectors.joining(", ")) + ")");
                }
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
                s.execute("CREATE TABLE " + target(table, schema).quoted() + " (" + String.join(", ", columns) + ")");
            }
            c.commit();
        } catch (SQLException e) {
            if ("42P06".equals(e.getSQLState())) {
                throw new TargetExistsException(table, where());
            }
            throw failed(table, "create", e);
        }
        loading.put(table, schema);
        warnings.put(table, skipped);
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
        String sql = "COPY " + target(table, schema).quoted() + " ("
                + columns.stream().map(PostgresTableName::quote).collect(Collectors.joining(", ")) + ") FROM STDIN";
        // Rows are encoded only once a COPY stream is free, and streamed to it through a small
        // buffer: writers waiting for a stream hold their batch of lines and nothing more, so the
        // heap a restore needs does not grow with the number of writers times the batch's encoding.
        loadSlots.acquire();
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = connector.open();
            }
            PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class), sql, 64 * 1024);
            try {
                ByteArrayOutputStream row = new ByteArrayOutputStream(512);
                for (byte[] line : lines) {
                    row.reset();
                    String[] values;
                    try {
                        values = dev.rehearsal.core.source.postgres.PostgresRowJson.values(columns, line);
                    } catch (RuntimeException e) {
                        throw new UndecodableLineException("a line is not a row of table '" + table + "': "
                                + e.getMessage(), e);
                    }
                    PostgresCopyText.encode(values, row);
                    row.writeTo(copy);
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

    @Override
    public List<String> finish(String table, JsonNode schemaJson) {
        PostgresSchema schema = schema(schemaJson);
        String target = target(table, schema).quoted();
        List<String> statements = new ArrayList<>();
        if (schema.primaryKey() != null) {
            statements.add("ALTER TABLE " + target + " ADD CONSTRAINT " + q(schema.primaryKey().name()) + " "
                    + schema.primaryKey().definition());
        }
        for (PostgresSchema.Constraint k : schema.uniqueConstraints()) {
            statements.add("ALTER TABLE " + target + " ADD CONSTRAINT " + q(k.name()) + " " + k.definition());
        }
        for (PostgresSchema.Constraint k : schema.checkConstraints()) {
            statements.add("ALTER TABLE " + target + " ADD CONSTRAINT " + q(k.name()) + " " + k.definition());
        }
        for (PostgresSchema.Index i : schema.indexes()) {
            statements.add("CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + q(i.name()) + " ON " + target
                    + " USING " + i.method());
        }
        statements.add("ANALYZE " + target);
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + q(table) + ", pg_catalog");
            s.execute("SET maintenance_work_mem = '256MB'");
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
        List<String> w = warnings.remove(table);
        return w == null ? List.of() : w;
    }

    @Override
    public List<String> schemaDifferences(JsonNode backupSchema, String table) {
        return PostgresSchemaComparison.differences(backupSchema, reader.describe(table).schema());
    }

    @Override
    public TableSource reader() {
        return reader;
    }

    @Override
    public Optional<byte[]> fetch(String table, JsonNode schemaJson, byte[] line) {
        PostgresSchema schema = schema(schemaJson);
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
                + " FROM " + target(table, schema).quoted() + " WHERE " + String.join(" AND ", where) + " LIMIT 1";
        try (Connection c = connector.open()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path = " + q(table) + ", pg_catalog");
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
        List<TableInfo> schemas = new ArrayList<>();
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement("SELECT nspname,"
                + " obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE starts_with(nspname, ?) ORDER BY 1")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    schemas.add(new TableInfo(rs.getString(1), created(rs.getString(2))));
                }
            }
        } catch (SQLException e) {
            throw new PostgresSinkException(where() + ": listing sandbox schemas failed: " + PostgresTableSource.reason(e), e);
        }
        return schemas;
    }

    /**
     * When a sandbox schema was created, from the comment {@link #create} writes in the same
     * transaction. A schema without one is taken as new, so that the janitor never sweeps it on a guess.
     */
    private static Instant created(String comment) {
        if (comment != null) {
            Matcher m = CREATED.matcher(comment);
            if (m.find()) {
                try {
                    return Instant.parse(m.group(1));
                } catch (java.time.format.DateTimeParseException ignored) {
                    // Fall through: treated as new.
                }
            }
        }
        return Instant.now();
    }

    /** PostgreSQL has no tags: ownership is the ledger's word alone. */
    @Override
    public Optional<Map<String, String>> tags(String table) {
        return Optional.empty();
    }

    @Override
    public void drop(SandboxTable table) {
        guard.authorizeDrop(table, tags(table.name()));
        // The verifiers' snapshots of the sandbox hold a lock that DROP would wait on until their lease ends.
        reader.endSnapshots(table.name());
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + q(table.name()) + " CASCADE");
        } catch (SQLException e) {
            throw failed(table.name(), "drop", e);
        }
        loading.remove(table.name());
        warnings.remove(table.name());
        guard.ledger().release(table.name());
    }

    @Override
    public List<List<String>> query(String table, String sql) {
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                s.execute("SET LOCAL search_path = " + q(table) + ", pg_catalog");
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

    private static PostgresTableName target(String sandbox, PostgresSchema schema) {
        return new PostgresTableName(sandbox, schema.tableName());
    }

    private static void requireName(String table) {
        if (table.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new IllegalArgumentException("sandbox name '" + table + "' is longer than the " + MAX_NAME
                    + " bytes PostgreSQL keeps of a schema name; use a guard from PostgresTableSink.guard");
        }
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
        return "sandbox schema '" + table + "' in " + where();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing left to do with a connection that failed.
        }
    }
}
