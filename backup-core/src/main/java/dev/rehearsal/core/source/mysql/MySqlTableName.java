package dev.rehearsal.core.source.mysql;

import java.util.Objects;

/**
 * A table's database and name, as MySQL and MariaDB spell them (case kept, no quoting). Rehearsal
 * names such a table {@code database.table}; both parts are required, since a MySQL server has no
 * default database a name could fall back to.
 */
public record MySqlTableName(String database, String table) {

    public MySqlTableName {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
    }

    /** {@code shop.orders} is table {@code orders} in database {@code shop}. */
    public static MySqlTableName parse(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1 || name.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not a MySQL table name: use database.table");
        }
        return new MySqlTableName(name.substring(0, dot), name.substring(dot + 1));
    }

    /** {@code `database`.`table`}, safe to put in SQL. */
    public String quoted() {
        return quote(database) + "." + quote(table);
    }

    /** An identifier in backticks, with backticks doubled. */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    /**
     * A string literal in single quotes, for sessions whose {@code sql_mode} lacks
     * {@code NO_BACKSLASH_ESCAPES} (every Rehearsal session): backslash, quote and NUL escaped.
     */
    public static String literal(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
        appendEscaped(b, value);
        return b.append('\'').toString();
    }

    /** Appends {@code value} escaped for the inside of a single-quoted literal. */
    public static void appendEscaped(StringBuilder b, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\0' -> b.append("\\0");
                default -> b.append(ch);
            }
        }
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}
