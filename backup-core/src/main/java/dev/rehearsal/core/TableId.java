package dev.rehearsal.core;

import java.util.Objects;

/**
 * A table's identity across Rehearsal: the configured source it belongs to, and its name as that
 * source names it. Written {@code source/table} (a PostgreSQL table carries a dot, never a slash),
 * as in audit entries, logs, the dashboard's forms and the store's layout.
 */
public record TableId(String source, String table) {

    public TableId {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
    }

    /** Reads {@code source/table}; the table part may hold anything but a first slash belongs to the source. */
    public static TableId parse(String value) {
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' does not name a table; write source/table");
        }
        return new TableId(value.substring(0, slash), value.substring(slash + 1));
    }

    @Override
    public String toString() {
        return source + "/" + table;
    }
}
