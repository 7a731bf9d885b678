package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.mysql.MySqlSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Compares what defines a MySQL table's data and its guarantees: the storage engine and default
 * collation; columns with types, character sets, collations, NOT NULL, defaults, AUTO_INCREMENT and
 * ON UPDATE, generation and comments; the primary key, unique keys and indexes with their key parts;
 * CHECK constraints; and the AUTO_INCREMENT counter. The database's name and the snapshot differ in a
 * sandbox by design, and the table comment carries Rehearsal's marks.
 */
final class MySqlSchemaComparison {

    private MySqlSchemaComparison() {
    }

    static List<String> differences(JsonNode expectedJson, JsonNode actualJson) {
        MySqlSchema expected = ManifestCodec.mapper().treeToValue(expectedJson, MySqlSchema.class);
        MySqlSchema actual = ManifestCodec.mapper().treeToValue(actualJson, MySqlSchema.class);
        List<String> diffs = new ArrayList<>();
        compare(diffs, "table name", expected.tableName(), actual.tableName());
        compare(diffs, "storage engine", expected.engine(), actual.engine());
        compare(diffs, "table collation", expected.tableCollation(), actual.tableCollation());
        compare(diffs, "columns", expected.columns(), actual.columns());
        compare(diffs, "primary key", expected.primaryKey(), actual.primaryKey());
        compare(diffs, "unique keys", byName(expected.uniqueKeys()), byName(actual.uniqueKeys()));
        compare(diffs, "indexes", byName(expected.indexes()), byName(actual.indexes()));
        Map<String, MySqlSchema.Check> ec = new TreeMap<>();
        expected.checks().forEach(k -> ec.put(k.name(), k));
        Map<String, MySqlSchema.Check> ac = new TreeMap<>();
        actual.checks().forEach(k -> ac.put(k.name(), k));
        compare(diffs, "check constraints", ec, ac);
        compare(diffs, "AUTO_INCREMENT next value", expected.autoIncrement(), actual.autoIncrement());
        return diffs;
    }

    private static Map<String, MySqlSchema.Index> byName(List<MySqlSchema.Index> indexes) {
        Map<String, MySqlSchema.Index> m = new TreeMap<>();
        indexes.forEach(i -> m.put(i.name(), i));
        return m;
    }

    private static void compare(List<String> diffs, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            diffs.add(what + ": backup has " + expected + ", restored table has " + actual);
        }
    }
}
