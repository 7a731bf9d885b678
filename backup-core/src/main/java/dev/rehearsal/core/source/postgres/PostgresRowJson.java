package dev.rehearsal.core.source.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PostgreSQL row as one data-object line: a JSON object from column name to the value's
 * PostgreSQL text form (a string) or {@code null}, columns in table order, for example
 * {@code {"id":"7","price":"12.50","tags":"{a,b}","seen":null}}. docs/FORMAT.md, "PostgreSQL".
 */
public final class PostgresRowJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PostgresRowJson() {
    }

    /** Encodes the values of {@code columns}, in that order, as one line without its newline. */
    public static byte[] line(List<String> columns, String[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            for (int c = 0; c < values.length; c++) {
                g.writeName(columns.get(c));
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
     * Decodes a line into the values of {@code columns}, in that order. Throws
     * {@link IllegalArgumentException} naming the problem if the line is not an object of exactly
     * those columns with string or null values.
     */
    public static String[] values(List<String> columns, byte[] line) {
        String[] values = new String[columns.size()];
        boolean[] seen = new boolean[columns.size()];
        try (JsonParser p = MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a row line must be a JSON object");
            }
            String name;
            int count = 0;
            while ((name = p.nextName()) != null) {
                int c = columns.indexOf(name);
                if (c < 0) {
                    throw new IllegalArgumentException("row has column \"" + name + "\", which the table does not");
                }
                if (seen[c]) {
                    throw new IllegalArgumentException("row has column \"" + name + "\" twice");
                }
                seen[c] = true;
                count++;
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING) {
                    values[c] = p.getString();
                } else if (t != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException("column \"" + name + "\" holds " + t + "; values are strings or null");
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
    public static String object(List<String> columns, String[] values) {
        return new String(line(columns, values), StandardCharsets.UTF_8);
    }
}
