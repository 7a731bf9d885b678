package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableInfo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sandbox targets: a target names a schema of its own, created with the table (under its own name)
 * and its enum types, and dropped whole with {@code DROP SCHEMA ... CASCADE} once the guard has
 * confirmed that its drill created it. Nothing outside such a schema is ever dropped.
 */
final class SandboxSchemas implements PostgresPlacement {

    private static final Pattern CREATED = Pattern.compile("created (\\S+)");

    @Override
    public void requireName(String target) {
        if (target.getBytes(StandardCharsets.UTF_8).length > PostgresTableSink.MAX_NAME) {
            throw new IllegalArgumentException("sandbox name '" + target + "' is longer than the "
                    + PostgresTableSink.MAX_NAME + " bytes PostgreSQL keeps of a schema name; use a guard from"
                    + " PostgresTableSink.guard");
        }
    }

    @Override
    public PostgresSchema restoredAs(String target, PostgresSchema backup) {
        return backup;
    }

    @Override
    public PostgresTableName table(String target, PostgresSchema restored) {
        return new PostgresTableName(target, restored.tableName());
    }

    /** The one table in sandbox schema {@code target}, or null. */
    @Override
    public PostgresTableName resolve(Connection c, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY c.relname")) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new PostgresTableName(target, rs.getString(1)) : null;
            }
        }
    }

    @Override
    public String schema(String target) {
        return target;
    }

    @Override
    public boolean exists(Connection c, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void prepare(Connection c, String target, PostgresSchema restored, Map<String, String> marks)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + q(target));
            s.execute("COMMENT ON SCHEMA " + q(target) + " IS " + PostgresTableName.literal("Rehearsal sandbox of "
                    + restored.schemaName() + "." + restored.tableName() + ", drill "
                    + marks.getOrDefault(SandboxGuard.DRILL_TAG, "?") + ", created " + Instant.now()));
            s.execute("SET LOCAL search_path = " + q(target) + ", pg_catalog");
            for (PostgresSchema.EnumType e : restored.enumTypes()) {
                s.execute("CREATE TYPE " + q(e.name()) + " AS ENUM (" + e.labels().stream()
                        .map(PostgresTableName::literal).collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    /** The schema's comment, written in {@link #prepare}, says who created it; the ledger proves it. */
    @Override
    public void marked(Connection c, String target, PostgresSchema restored, Map<String, String> marks) {
    }

    @Override
    public void remove(Connection c, String target, String key, String value) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + q(target) + " CASCADE");
        }
    }

    @Override
    public List<TableInfo> list(Connection c, String prefix) throws SQLException {
        List<TableInfo> schemas = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT nspname, obj_description(oid, 'pg_namespace')"
                + " FROM pg_namespace WHERE starts_with(nspname, ?) ORDER BY 1")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    schemas.add(new TableInfo(rs.getString(1), PostgresPlacement.created(CREATED, rs.getString(2))));
                }
            }
        }
        return schemas;
    }


    /** A sandbox schema has no tags: ownership is the ledger's word alone. */
    @Override
    public Optional<Map<String, String>> tags(Connection c, String target) {
        return Optional.empty();
    }

    @Override
    public boolean markPartial(Connection c, String target, String restoreId) {
        return false;
    }

    @Override
    public boolean holdsNewTables() {
        return false;
    }

    @Override
    public String describe(String target) {
        return "sandbox schema '" + target + "'";
    }

    private static String q(String identifier) {
        return PostgresTableName.quote(identifier);
    }
}
