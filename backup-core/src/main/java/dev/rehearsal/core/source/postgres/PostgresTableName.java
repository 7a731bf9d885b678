package dev.rehearsal.core.source.postgres;

import java.util.Objects;

/**
 * A table's schema and name, as PostgreSQL spells them (case kept, no quoting). Rehearsal names a
 * PostgreSQL table {@code schema.table}; a name without a dot is in schema {@code public}.
 */
public record PostgresTableName(String schema, String table) {

    public PostgresTableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** {@code orders} is {@code public.orders}; {@code sales.orders} is table {@code orders} in schema {@code sales}. */
    public static PostgresTableName parse(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return new PostgresTableName("public", name);
        }
        if (dot == 0 || dot == name.length() - 1 || name.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not a PostgreSQL table name: use table or schema.table");
        }
        return new PostgresTableName(name.substring(0, dot), name.substring(dot + 1));
    }

    /** {@code "schema"."table"}, safe to put in SQL. */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /** An identifier in double quotes, with double quotes doubled. */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A string literal in single quotes (standard_conforming_strings is on in every Rehearsal session). */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text contains a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
