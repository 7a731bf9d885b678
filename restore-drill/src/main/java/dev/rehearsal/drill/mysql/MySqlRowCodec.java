package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.mysql.MySqlCanonical;
import dev.rehearsal.core.source.mysql.MySqlRowJson;
import dev.rehearsal.core.source.mysql.MySqlSchema;
import dev.rehearsal.drill.sink.ItemCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** Reads MySQL row lines for the verifiers: keys from the primary key (or every stored column), canonical hashes. */
public final class MySqlRowCodec implements ItemCodec {

    private final MySqlRowJson json;
    private final List<String> keyColumns;
    private final int[] keyIndexes;
    private final ThreadLocal<MySqlCanonical> canonical;

    public MySqlRowCodec(JsonNode schema) {
        this(ManifestCodec.mapper().treeToValue(schema, MySqlSchema.class));
    }

    public MySqlRowCodec(MySqlSchema schema) {
        List<String> columns = schema.dataColumns();
        this.json = new MySqlRowJson(columns);
        this.keyColumns = schema.keyColumns();
        this.keyIndexes = keyColumns.stream().mapToInt(columns::indexOf).toArray();
        this.canonical = ThreadLocal.withInitial(() -> new MySqlCanonical(columns));
    }

    public List<String> columns() {
        return json.columns();
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public String[] values(byte[] line) {
        return json.values(line);
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
        return MySqlRowJson.object(keyColumns, keyValues(values(line)));
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
        for (int c = 0; c < a.length; c++) {
            if (!Objects.equals(a[c], b[c])) {
                differing.add(columns().get(c));
            }
        }
        return differing;
    }
}
