package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sink.TableInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Targets that are tables of their own in a schema that exists: {@code shop.orders} after a script
 * dropped it, or {@code shop.orders-recovered-20261207-0540} beside it. The schema is never created
 * nor dropped, and a target in a schema that does not exist is refused, naming the schema.
 *
 * <p><b>Names.</b> Index names, and with them the names of primary key and unique constraints, are
 * unique per schema in PostgreSQL. Under its own name the table gets the backup's; under a new name
 * each is derived from the new table's name, as PostgreSQL derives them ({@code orders_pkey} of
 * {@code orders-recovered} becomes {@code orders-recovered_pkey}), so that they never collide with
 * the original's. Check constraints keep their names, which are the table's own.
 *
 * <p><b>Enum types.</b> The backup's column types are unqualified, so every enum type the table
 * needs is looked up in the target schema. One of that name is reused only if it is an enum with
 * exactly the backup's labels in the same order; any other type of that name refuses the restore,
 * naming it, before anything is created. A missing one is created there, carrying the restore's
 * marks. A type the table used from another schema is thus also looked up and created in the
 * target schema.
 *
 * <p><b>Marks.</b> The table and every type the restore created carry a comment,
 * {@code Rehearsal restore of shop.orders, created 2026-12-07T05:40:00Z; rehearsal:restore-id=<id>;}.
 * The marks in it are the table's tags: deleting the table needs the ledger entry <em>and</em> the mark
 * of the same restore. Deleting is {@code DROP TABLE} of exactly that table, without CASCADE (a view
 * someone built on it in the meantime makes the drop fail, and the table is then left and marked
 * partial), then {@code DROP TYPE} of each type carrying the same mark, without CASCADE: a type
 * another table has come to use meanwhile is kept and logged. A table left behind is marked partial
 * by adding {@code rehearsal:partial=<id>;} to its comment.
 */
final class SchemaTables implements PostgresPlacement {

    private static final Logger log = LoggerFactory.getLogger(SchemaTables.class);
    private static final Pattern MARK = Pattern.compile("(rehearsal:[a-z-]+)=([^;\\s]*);");
    private static final Pattern CREATED = Pattern.compile("created ([^;\\s]+)");

    private final SourceInfo info;

    SchemaTables(SourceInfo info) {
        this.info = info;
    }

    @Override
    public void requireName(String target) {
        PostgresTableName t = PostgresTableName.parse(target);
        for (String part : List.of(t.schema(), t.table())) {
            if (part.getBytes(StandardCharsets.UTF_8).length > PostgresTableSink.MAX_NAME) {
                throw new IllegalArgumentException("'" + part + "' of target '" + target + "' is longer than the "
                        + PostgresTableSink.MAX_NAME + " bytes PostgreSQL keeps of a name");
            }
        }
    }

    @Override
    public PostgresSchema restoredAs(String target, PostgresSchema backup) {
        PostgresTableName t = PostgresTableName.parse(target);
        String from = backup.tableName();
        String to = t.table();
        PostgresSchema.Constraint pk = backup.primaryKey() == null ? null : renamed(backup.primaryKey(), from, to);
        return new PostgresSchema(t.schema(), to, backup.columns(), pk,
                backup.uniqueConstraints().stream().map(k -> renamed(k, from, to)).toList(),
                backup.checkConstraints(),
                backup.indexes().stream().map(i -> new PostgresSchema.Index(derived(i.name(), from, to), i.unique(),
                        i.method(), i.definition())).toList(),
                backup.enumTypes(), backup.snapshot(), backup.serverVersion());
    }

    private static PostgresSchema.Constraint renamed(PostgresSchema.Constraint k, String from, String to) {
        return new PostgresSchema.Constraint(derived(k.name(), from, to), k.definition(), k.columns());
    }

    /**
     * The name of an index of table {@code from} for the same index of table {@code to}: unchanged
     * for the same table name; else the table's name in front replaced (or put in front), cut to
     * what PostgreSQL keeps with a hash of the whole, so that two long names stay apart.
     */
    static String derived(String name, String from, String to) {
        if (from.equals(to)) {
            return name;
        }
        String whole = name.startsWith(from) ? to + name.substring(from.length()) : to + "_" + name;
        if (bytes(whole) <= PostgresTableSink.MAX_NAME) {
            return whole;
        }
        String suffix = "_" + HexFormat.of().formatHex(sha256(whole), 0, 4);
        StringBuilder cut = new StringBuilder();
        int room = PostgresTableSink.MAX_NAME - suffix.length();
        whole.codePoints().forEachOrdered(cp -> {
            if (bytes(cut.toString() + Character.toString(cp)) <= room) {
                cut.appendCodePoint(cp);
            }
        });
        return cut.append(suffix).toString();
    }

    @Override
    public PostgresTableName table(String target, PostgresSchema restored) {
        return PostgresTableName.parse(target);
    }

    @Override
    public PostgresTableName resolve(Connection c, String target) {
        return PostgresTableName.parse(target);
    }

    @Override
    public String schema(String target) {
        return PostgresTableName.parse(target).schema();
    }

    /** Any relation of that name (a table, a view, a sequence, an index) holds it. */
    @Override
    public boolean exists(Connection c, String target) throws SQLException {
        PostgresTableName t = PostgresTableName.parse(target);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void prepare(Connection c, String target, PostgresSchema restored, Map<String, String> marks)
            throws SQLException {
        String schema = schema(target);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PostgresSinkException("schema '" + schema + "' does not exist in source '" + info.name()
                            + "' (postgres at " + info.endpoint() + "), so table '" + target + "' cannot be"
                            + " restored there; a restore creates tables only in an existing schema", null);
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL search_path = " + q(schema) + ", pg_catalog");
            for (PostgresSchema.EnumType e : restored.enumTypes()) {
                if (reusable(c, schema, e, target)) {
                    continue;
                }
                String type = q(schema) + "." + q(e.name());
                s.execute("CREATE TYPE " + type + " AS ENUM (" + e.labels().stream()
                        .map(PostgresTableName::literal).collect(Collectors.joining(", ")) + ")");
                s.execute("COMMENT ON TYPE " + type + " IS " + PostgresTableName.literal(
                        comment("enum type for " + target, marks)));
            }
        }
    }

    /**
     * Whether type {@code e.name()} exists in {@code schema} as an enum with exactly the backup's
     * labels, to be reused; false if there is no type of that name. Any other type of that name
     * refuses the restore, naming the type and how it differs.
     */
    private boolean reusable(Connection c, String schema, PostgresSchema.EnumType e, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.typtype, ARRAY(SELECT l.enumlabel::text FROM pg_enum l"
                + " WHERE l.enumtypid = t.oid ORDER BY l.enumsortorder) FROM pg_type t JOIN pg_namespace n"
                + " ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, e.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                String type = "type '" + schema + "." + e.name() + "'";
                if (!"e".equals(rs.getString(1))) {
                    throw new PostgresSinkException(type + " in source '" + info.name() + "' is not an enum, but the"
                            + " backup's column type of that name is; table '" + target + "' was not created", null);
                }
                List<String> labels = strings(rs.getArray(2));
                if (!labels.equals(e.labels())) {
                    throw new PostgresSinkException("enum " + type + " in source '" + info.name() + "' has labels "
                            + labels + ", the backup's has " + e.labels() + "; an existing type is reused only if"
                            + " identical, so table '" + target + "' was not created: rename or drop that type, or"
                            + " restore into another schema", null);
                }
                return true;
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    @Override
    public void marked(Connection c, String target, PostgresSchema restored, Map<String, String> marks)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMENT ON TABLE " + PostgresTableName.parse(target).quoted() + " IS "
                    + PostgresTableName.literal(comment("restore of " + restored.schemaName() + "."
                            + restored.tableName(), marks)));
        }
    }

    private static String comment(String what, Map<String, String> marks) {
        StringBuilder b = new StringBuilder("Rehearsal ").append(what).append(", created ").append(Instant.now())
                .append(';');
        new TreeMap<>(marks).forEach((k, v) -> b.append(' ').append(k).append('=').append(v).append(';'));
        return b.toString();
    }

    @Override
    public void remove(Connection c, String target, String key, String value) throws SQLException {
        PostgresTableName t = PostgresTableName.parse(target);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + t.quoted());
            for (String type : typesMarked(c, t.schema(), key, value)) {
                String quoted = q(t.schema()) + "." + q(type);
                s.execute("SAVEPOINT drop_type");
                try {
                    s.execute("DROP TYPE " + quoted);
                    s.execute("RELEASE SAVEPOINT drop_type");
                } catch (SQLException inUse) {
                    s.execute("ROLLBACK TO SAVEPOINT drop_type");
                    log.warn("Kept enum type {} that restore {} created for table '{}': {}", quoted, value, target,
                            PostgresTableSource.reason(inUse));
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Enum types in {@code schema} whose comment carries {@code key=value}. */
    private static List<String> typesMarked(Connection c, String schema, String key, String value) throws SQLException {
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.typname FROM pg_type t JOIN pg_namespace n"
                + " ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typtype = 'e'"
                + " AND strpos(obj_description(t.oid, 'pg_type'), ?) > 0 ORDER BY 1")) {
            ps.setString(1, schema);
            ps.setString(2, " " + key + "=" + value + ";");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        }
        return types;
    }

    @Override
    public List<TableInfo> list(Connection c, String prefix) throws SQLException {
        List<TableInfo> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname || '.' || c.relname,"
                + " obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND starts_with(n.nspname || '.' || c.relname, ?) ORDER BY 1")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableInfo(rs.getString(1), PostgresPlacement.created(CREATED, rs.getString(2))));
                }
            }
        }
        return tables;
    }


    /** The marks in the table's comment; none if it has no comment of Rehearsal's. */
    @Override
    public Optional<Map<String, String>> tags(Connection c, String target) throws SQLException {
        return Optional.of(marks(comment(c, target)));
    }

    private static Map<String, String> marks(String comment) {
        Map<String, String> marks = new LinkedHashMap<>();
        if (comment != null && comment.startsWith("Rehearsal ")) {
            Matcher m = MARK.matcher(comment);
            while (m.find()) {
                marks.put(m.group(1), m.group(2));
            }
        }
        return marks;
    }

    private static String comment(Connection c, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(?::regclass, 'pg_class')")) {
            ps.setString(1, PostgresTableName.parse(target).quoted());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public boolean markPartial(Connection c, String target, String restoreId) throws SQLException {
        String comment = comment(c, target);
        String mark = RestoredTables.PARTIAL_TAG + "=" + restoreId + ";";
        String marked = comment == null || !comment.startsWith("Rehearsal ")
                ? comment("restore target", Map.of(RestoredTables.PARTIAL_TAG, restoreId))
                : comment.contains(" " + mark) ? comment : comment + " " + mark;
        try (Statement s = c.createStatement()) {
            s.execute("COMMENT ON TABLE " + PostgresTableName.parse(target).quoted() + " IS "
                    + PostgresTableName.literal(marked));
        }
        return true;
    }

    @Override
    public boolean holdsNewTables() {
        return true;
    }

    @Override
    public String describe(String target) {
        return "table '" + target + "' in source '" + info.name() + "'";
    }

    private static String q(String identifier) {
        return PostgresTableName.quote(identifier);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
