package dev.rehearsal.dashboard.engine.postgres;

import dev.rehearsal.core.source.postgres.PostgresConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Asks a PostgreSQL source what its backup role could change, as the server sees it: whether the
 * role is a superuser, which covered tables it owns (itself or through a role it inherits from), and
 * on which it holds INSERT, UPDATE, DELETE or TRUNCATE, however granted (directly, to PUBLIC, through
 * a role, through {@code pg_write_all_data}; INSERT and UPDATE also on single columns). A backup
 * needs none of it. Findings are grouped so that a source yields a few lines, not one per table.
 */
final class PostgresWriteAccess {

    /** Tables named in one line before the rest are only counted. */
    static final int NAMED = 5;

    private static final String[] PRIVILEGES = {"INSERT", "UPDATE", "DELETE", "TRUNCATE"};

    private PostgresWriteAccess() {
    }

    /**
     * @param source        the source's configured name, for the messages
     * @param coveredTables the tables policies back up, named {@code schema.table} as the source lists them
     * @return one line per finding, empty when the role can only read the covered tables
     * @throws SQLException when the server cannot be asked
     */
    static List<String> warnings(String source, PostgresConnector connector, List<String> coveredTables)
            throws SQLException {
        try (Connection c = connector.open()) {
            String role;
            boolean superuser;
            try (PreparedStatement ps = c.prepareStatement("SELECT current_user, rolsuper FROM pg_roles"
                    + " WHERE rolname = current_user"); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the connected role is not in pg_roles");
                }
                role = rs.getString(1);
                superuser = rs.getBoolean(2);
            }
            String who = "Source '" + source + "': PostgreSQL role '" + role + "'";
            if (superuser) {
                // A superuser passes every privilege check: the per-table findings would only repeat it.
                return List.of(who + " is a superuser, so the backup credentials could change or drop any table;"
                        + " back up as a role that may only read (docs/SECURITY.md)");
            }
            if (coveredTables.isEmpty()) {
                return List.of();
            }
            List<String> owned = new ArrayList<>();
            Map<String, List<String>> byPrivileges = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname || '.' || c.relname,"
                    + " pg_has_role(c.relowner, 'USAGE'),"
                    + " has_any_column_privilege(c.oid, 'INSERT'), has_any_column_privilege(c.oid, 'UPDATE'),"
                    + " has_table_privilege(c.oid, 'DELETE'), has_table_privilege(c.oid, 'TRUNCATE')"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p') AND n.nspname || '.' || c.relname = ANY (?) ORDER BY 1")) {
                ps.setArray(1, c.createArrayOf("text", coveredTables.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString(1);
                        if (rs.getBoolean(2)) {
                            // An owner may grant itself anything and drop the table: that says it all.
                            owned.add(table);
                            continue;
                        }
                        StringJoiner held = new StringJoiner(", ");
                        for (int i = 0; i < PRIVILEGES.length; i++) {
                            if (rs.getBoolean(3 + i)) {
                                held.add(PRIVILEGES[i]);
                            }
                        }
                        if (held.length() > 0) {
                            byPrivileges.computeIfAbsent(held.toString(), k -> new ArrayList<>()).add(table);
                        }
                    }
                }
            }
            List<String> warnings = new ArrayList<>();
            if (!owned.isEmpty()) {
                warnings.add(who + " owns " + tables(owned) + ", so the backup credentials could alter or drop them;"
                        + " back up as a role that may only read (docs/SECURITY.md)");
            }
            byPrivileges.forEach((privileges, tables) -> warnings.add(who + " has " + privileges + " on "
                    + tables(tables) + "; a backup needs only SELECT (docs/SECURITY.md)"));
            return warnings;
        }
    }

    /** "2 covered tables: a, b", naming at most {@value #NAMED}. */
    static String tables(List<String> tables) {
        StringBuilder s = new StringBuilder().append(tables.size())
                .append(tables.size() == 1 ? " covered table: " : " covered tables: ");
        s.append(String.join(", ", tables.subList(0, Math.min(NAMED, tables.size()))));
        if (tables.size() > NAMED) {
            s.append(" and ").append(tables.size() - NAMED).append(" more");
        }
        return s.toString();
    }
}
