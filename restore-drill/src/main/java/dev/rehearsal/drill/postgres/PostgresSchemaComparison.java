package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.postgres.PostgresSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Compares what defines a PostgreSQL table's data and its guarantees: columns with types, NOT NULL,
 * defaults, identity and generation; the primary key; unique and check constraints; indexes; and
 * the enum types' labels. The schema's name and the snapshot differ in a sandbox by design. A
 * default that draws from a sequence is not restored (the sequence is not part of the backup), so
 * it is not compared either.
 */
final class PostgresSchemaComparison {

    private PostgresSchemaComparison() {
    }

    static List<String> differences(JsonNode expectedJson, JsonNode actualJson) {
        PostgresSchema expected = ManifestCodec.mapper().treeToValue(expectedJson, PostgresSchema.class);
        PostgresSchema actual = ManifestCodec.mapper().treeToValue(actualJson, PostgresSchema.class);
        List<String> diffs = new ArrayList<>();
        compare(diffs, "table name", expected.tableName(), actual.tableName());
        compare(diffs, "columns", columns(expected), columns(actual));
        compare(diffs, "primary key", constraint(expected.primaryKey()), constraint(actual.primaryKey()));
        compare(diffs, "unique constraints", constraints(expected.uniqueConstraints()), constraints(actual.uniqueConstraints()));
        compare(diffs, "check constraints", constraints(expected.checkConstraints()), constraints(actual.checkConstraints()));
        compare(diffs, "indexes", indexes(expected), indexes(actual));
        compare(diffs, "enum types", enums(expected), enums(actual));
        return diffs;
    }

    /** Whether the table restores this default: one drawing from a sequence is left out. */
    static boolean restorable(String defaultExpression) {
        return defaultExpression != null && !defaultExpression.contains("nextval(");
    }

    private static void compare(List<String> diffs, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            diffs.add(what + ": backup has " + expected + ", restored table has " + actual);
        }
    }

    private static List<String> columns(PostgresSchema s) {
        return s.columns().stream().map(c -> c.name() + " " + c.type() + (c.notNull() ? " NOT NULL" : "")
                + (restorable(c.defaultExpression()) ? " DEFAULT " + c.defaultExpression() : "")
                + (c.identity() != null ? " GENERATED " + c.identity() + " AS IDENTITY" : "")
                + (c.generated() != null ? " GENERATED ALWAYS AS " + c.generated() : "")).toList();
    }

    private static String constraint(PostgresSchema.Constraint k) {
        return k == null ? null : k.name() + ": " + k.definition();
    }

    private static Map<String, String> constraints(List<PostgresSchema.Constraint> ks) {
        Map<String, String> m = new TreeMap<>();
        ks.forEach(k -> m.put(k.name(), k.definition()));
        return m;
    }

    private static Map<String, String> indexes(PostgresSchema s) {
        Map<String, String> m = new TreeMap<>();
        s.indexes().forEach(i -> m.put(i.name(), (i.unique() ? "UNIQUE " : "") + i.method()));
        return m;
    }

    private static Map<String, List<String>> enums(PostgresSchema s) {
        Map<String, List<String>> m = new TreeMap<>();
        s.enumTypes().forEach(e -> m.put(e.name(), e.labels()));
        return m;
    }
}
