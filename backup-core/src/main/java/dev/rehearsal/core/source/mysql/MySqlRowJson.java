package dev.rehearsal.core.source.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A MySQL row as one data-object line: a JSON object from column name to the value's text form
 * (a string, docs/FORMAT.md "MySQL text values") or {@code null}, stored columns in table order,
 * for example {@code {"id":"7","price":"12.50","photo":"89504e47","seen":null}}.
 */
public final class MySqlRowJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final List<String> columns;
    private final Map<String, Integer> positions = new HashMap<>();

    /** For rows of {@code columns}, in table order. */
    public MySqlRowJson(List<String> columns) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            positions.put(this.columns.get(i), i);
        }
    }

    public List<String> columns() {
        return columns;
    }

    /** Encodes the values of the columns, in their order, as one line without its newline. */
    public byte[] line(String[] values) {
        return line(columns, values);
    }

    /** Encodes the values of {@code names}, in that order, as one JSON object. */
    public static byte[] line(List<String> names, String[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            for (int c = 0; c < values.length; c++) {
                g.writeName(names.get(c));
                if (values[c] == null) {
                    g.writeNull();
                } else {
                    g.writeString(values[c]);
                }
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Decodes a line into the columns' values, in their order. Throws {@link IllegalArgumentException}
     * naming the problem unless the line is an object of exactly these columns with string or null values.
     */
    public String[] values(byte[] line) {
        String[] values = new String[columns.size()];
        boolean[] seen = new boolean[columns.size()];
        try (JsonParser p = MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a row line must be a JSON object");
            }
            String name;
            int count = 0;
            while ((name = p.nextName()) != null) {
                Integer c = positions.get(name);
                if (c == null) {
                    throw new IllegalArgumentException("row has column `" + name + "`, which the table does not");
                }
                if (seen[c]) {
                    throw new IllegalArgumentException("row has column `" + name + "` twice");
                }
                seen[c] = true;
                count++;
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING) {
                    values[c] = p.getString();
                } else if (t != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException("column `" + name + "` holds " + t + "; values are strings or null");
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the row");
            }
            if (count != columns.size()) {
                throw new IllegalArgumentException("row has " + count + " columns, the table " + columns.size());
            }
            return values;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A few columns' values as a JSON object, for keys in reports: {@code {"id":"7"}}. */
    public static String object(List<String> names, String[] values) {
        return new String(line(names, values), StandardCharsets.UTF_8);
    }
}
