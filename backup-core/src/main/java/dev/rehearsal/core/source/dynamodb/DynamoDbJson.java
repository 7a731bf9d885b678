package dev.rehearsal.core.source.dynamodb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * DynamoDB JSON, one item a line: {@code {"Item":{"pk":{"S":"a"},"n":{"N":"1.5"}}}}, the line format
 * of DynamoDB's native export to S3 and of its ImportTable. Numbers stay the strings DynamoDB
 * returned; binary is base64.
 */
public final class DynamoDbJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private DynamoDbJson() {
    }

    /** Encodes an item as one line, without its newline. */
    public static byte[] itemLine(Map<String, AttributeValue> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("Item");
            writeMap(g, item);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Encodes a map of attributes (a key, say) as a DynamoDB JSON object, for messages and reports. */
    public static String mapJson(Map<String, AttributeValue> map) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            writeMap(g, map);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Decodes one line. Throws {@link IllegalArgumentException} with the reason if it is not
     * {@code {"Item":{...}}} in DynamoDB JSON.
     */
    public static Map<String, AttributeValue> parseItemLine(byte[] line) {
        try (JsonParser p = MAPPER.createParser(line)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            String name = p.nextName();
            if (!"Item".equals(name)) {
                throw new IllegalArgumentException("expected field \"Item\", found " + describe(p));
            }
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            Map<String, AttributeValue> item = readMap(p);
            expect(p.nextToken(), JsonToken.END_OBJECT, p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the item");
            }
            return item;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void writeMap(JsonGenerator g, Map<String, AttributeValue> map) {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
            g.writeName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, AttributeValue v) {
        g.writeStartObject();
        switch (v.type()) {
            case S -> g.writeName("S").writeString(v.s());
            case N -> g.writeName("N").writeString(v.n());
            case B -> g.writeName("B").writeBinary(v.b().asByteArrayUnsafe());
            case BOOL -> g.writeName("BOOL").writeBoolean(v.bool());
            case NUL -> g.writeName("NULL").writeBoolean(true);
            case SS -> {
                g.writeName("SS").writeStartArray();
                for (String s : v.ss()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            case NS -> {
                g.writeName("NS").writeStartArray();
                for (String n : v.ns()) {
                    g.writeString(n);
                }
                g.writeEndArray();
            }
            case BS -> {
                g.writeName("BS").writeStartArray();
                for (SdkBytes b : v.bs()) {
                    g.writeBinary(b.asByteArrayUnsafe());
                }
                g.writeEndArray();
            }
            case M -> {
                g.writeName("M");
                writeMap(g, v.m());
            }
            case L -> {
                g.writeName("L").writeStartArray();
                for (AttributeValue e : v.l()) {
                    writeValue(g, e);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("attribute value of a type this SDK does not know: " + v);
        }
        g.writeEndObject();
    }

    /** Reads the fields of an object whose START_OBJECT was just read, up to its END_OBJECT. */
    private static Map<String, AttributeValue> readMap(JsonParser p) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextName()) != null) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            map.put(name, readValue(p));
        }
        expect(p.currentToken(), JsonToken.END_OBJECT, p);
        return map;
    }

    /** Reads a typed value such as {"S":"x"} whose START_OBJECT was just read. */
    private static AttributeValue readValue(JsonParser p) {
        String type = p.nextName();
        if (type == null) {
            throw new IllegalArgumentException("empty attribute value {}");
        }
        JsonToken t = p.nextToken();
        AttributeValue value = switch (type) {
            case "S" -> AttributeValue.fromS(text(p, t));
            case "N" -> AttributeValue.fromN(text(p, t));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(binary(p, t)));
            case "BOOL" -> AttributeValue.fromBool(bool(p, t));
            case "NULL" -> {
                if (!bool(p, t)) {
                    throw new IllegalArgumentException("\"NULL\" must be true");
                }
                yield AttributeValue.fromNul(true);
            }
            case "SS" -> AttributeValue.fromSs(strings(p, t));
            case "NS" -> AttributeValue.fromNs(strings(p, t));
            case "BS" -> {
                expect(t, JsonToken.START_ARRAY, p);
                List<SdkBytes> list = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(SdkBytes.fromByteArrayUnsafe(binary(p, t)));
                }
                yield AttributeValue.fromBs(list);
            }
            case "M" -> {
                expect(t, JsonToken.START_OBJECT, p);
                yield AttributeValue.fromM(readMap(p));
            }
            case "L" -> {
                expect(t, JsonToken.START_ARRAY, p);
                List<AttributeValue> list = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    expect(t, JsonToken.START_OBJECT, p);
                    list.add(readValue(p));
                }
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("unknown attribute type \"" + type + "\"");
        };
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("attribute value with more than one type: " + describe(p));
        }
        return value;
    }

    private static String text(JsonParser p, JsonToken t) {
        expect(t, JsonToken.VALUE_STRING, p);
        return p.getString();
    }

    private static byte[] binary(JsonParser p, JsonToken t) {
        expect(t, JsonToken.VALUE_STRING, p);
        return p.getBinaryValue();
    }

    private static boolean bool(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false, found " + describe(p));
    }

    private static List<String> strings(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_ARRAY, p);
        List<String> list = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(text(p, t));
        }
        return list;
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser p) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + ", found " + describe(p));
        }
    }

    private static String describe(JsonParser p) {
        JsonToken t = p.currentToken();
        return t == null ? "end of input" : t + " at column " + p.currentLocation().getColumnNr();
    }
}
