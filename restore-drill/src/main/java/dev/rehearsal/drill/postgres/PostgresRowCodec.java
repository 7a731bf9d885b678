package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.postgres.PostgresCanonical;
import dev.rehearsal.core.source.postgres.PostgresRowJson;
import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.drill.sink.ItemCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** Reads PostgreSQL row lines for the verifiers: keys from the primary key (or every column), canonical hashes. */
public final class PostgresRowCodec implements ItemCodec {

    private final List<String> columns;
    private final List<String> keyColumns;
    private final int[] keyIndexes;
    private final ThreadLocal<PostgresCanonical> canonical;

    public PostgresRowCodec(JsonNode schema) {
        this(ManifestCodec.mapper().treeToValue(schema, PostgresSchema.class));
    }

    public PostgresRowCodec(PostgresSchema schema) {
        this.columns = schema.dataColumns();
        this.keyColumns = schema.keyColumns();
        this.keyIndexes = keyColumns.stream().mapToInt(columns::indexOf).toArray();
        this.canonical = ThreadLocal.withInitial(() -> new PostgresCanonical(columns));
    }

    public List<String> columns() {
        return columns;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public String[] values(byte[] line) {
        return PostgresRowJson.values(columns, line);
    }

    /** The key columns' values of a row, in key order. */
    public String[] keyValues(String[] values) {
        String[] key = new String[keyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = values[keyIndexes[i]];
        }
        return key;
    }

    @Override
    public String key(byte[] line) {
        return PostgresRowJson.object(keyColumns, keyValues(values(line)));
    }

    @Override
    public byte[] hash(byte[] line) {
        return canonical.get().hash(values(line));
    }

    @Override
    public List<String> differingAttributes(byte[] expected, byte[] actual) {
        String[] a = values(expected);
        String[] b = values(actual);
        List<String> differing = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (!Objects.equals(a[c], b[c])) {
                differing.add(columns.get(c));
            }
        }
        return differing;
    }
}
