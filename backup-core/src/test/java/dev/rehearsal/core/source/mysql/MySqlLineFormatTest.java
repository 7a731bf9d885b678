package dev.rehearsal.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.ManifestCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The MySQL row lines and canonical encoding against docs/FORMAT.md: the {@code mysql-vectors}
 * block there was printed by an independent implementation of the document
 * (docs/tools/mysql_vectors.py). If this fails, either the code or the document is wrong; which
 * one is a decision, never a quick regeneration.
 */
class MySqlLineFormatTest {

    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> rowsEncodeAndHashAsDocumented() throws IOException {
        Vectors v = Vectors.load();
        return v.rows.values().stream().map(row -> DynamicTest.dynamicTest("row " + row.name, () -> {
            Parsed p = parse(row.line);
            MySqlCanonical canonical = new MySqlCanonical(p.columns);
            assertThat(HEX.formatHex(canonical.encode(p.values))).as("encoding of " + row.name).isEqualTo(row.encoding);
            assertThat(HEX.formatHex(canonical.hash(p.values))).as("sha256 of " + row.name).isEqualTo(row.sha256);
            // The line decodes to the same values through the engine's own reader, and writes back to
            // a line that decodes to them again.
            MySqlRowJson json = new MySqlRowJson(p.columns);
            String[] decoded = json.values(row.line.getBytes(StandardCharsets.UTF_8));
            assertThat(decoded).containsExactly(p.values);
            assertThat(json.values(json.line(decoded))).containsExactly(p.values);
        }));
    }

    @TestFactory
    Stream<DynamicTest> digestsSumTheRowHashes() throws IOException {
        Vectors v = Vectors.load();
        List<DynamicTest> tests = new ArrayList<>();
        for (Digest d : v.digests) {
            tests.add(DynamicTest.dynamicTest("digest of [" + String.join(" ", d.names) + "]", () -> {
                ContentDigest.Accumulator acc = new ContentDigest.Accumulator();
                for (String name : d.names) {
                    acc.add(hash(v.rows.get(name)));
                }
                assertThat(acc.digest()).isEqualTo(new ContentDigest(ContentDigest.ALGORITHM, d.sum, d.items));
            }));
        }
        tests.add(DynamicTest.dynamicTest("digest of all rows", () -> {
            ContentDigest.Accumulator acc = new ContentDigest.Accumulator();
            for (Row row : v.rows.values()) {
                acc.add(hash(row));
            }
            assertThat(acc.digest()).isEqualTo(new ContentDigest(ContentDigest.ALGORITHM, v.all.sum, v.all.items));
        }));
        return tests.stream();
    }

    @Test
    void linesOfOtherShapesAreRefusedNamingTheProblem() {
        MySqlRowJson json = new MySqlRowJson(List.of("id", "note"));
        assertThatThrownBy(() -> json.values("{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("1 columns, the table 2");
        assertThatThrownBy(() -> json.values("{\"id\":\"1\",\"note\":null,\"x\":\"y\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("column `x`");
        assertThatThrownBy(() -> json.values("{\"id\":1,\"note\":null}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("values are strings or null");
        assertThatThrownBy(() -> json.values("{\"id\":\"1\",\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> json.values("[]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("JSON object");
    }

    @Test
    void literalsWriteEachFormAsTheServerStoresIt() {
        StringBuilder sql = new StringBuilder();
        MySqlValues.appendLiteral(sql, "it's a \\ and \0", MySqlValues.Form.TEXT);
        sql.append(' ');
        MySqlValues.appendLiteral(sql, "00ff", MySqlValues.Form.BINARY);
        sql.append(' ');
        MySqlValues.appendLiteral(sql, "18446744073709551615", MySqlValues.Form.BIT);
        sql.append(' ');
        MySqlValues.appendLiteral(sql, null, MySqlValues.Form.SERVER_TEXT);
        assertThat(sql).hasToString("_utf8mb4'it\\'s a \\\\ and \\0' X'00ff' 18446744073709551615 NULL");
        assertThatThrownBy(() -> MySqlValues.appendLiteral(new StringBuilder(), "0FF", MySqlValues.Form.BINARY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MySqlValues.appendLiteral(new StringBuilder(), "1; DROP", MySqlValues.Form.BIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] hash(Row row) {
        Parsed p = parse(row.line);
        return new MySqlCanonical(p.columns).hash(p.values);
    }

    private record Parsed(List<String> columns, String[] values) {
    }

    private static Parsed parse(String line) {
        JsonNode node = ManifestCodec.mapper().readTree(line);
        List<String> columns = new ArrayList<>(node.propertyNames());
        String[] values = new String[columns.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(columns.get(i));
            values[i] = v.isNull() ? null : v.asString();
        }
        return new Parsed(columns, values);
    }

    static final class Row {
        final String name;
        String line;
        String encoding;
        String sha256;

        Row(String name) {
            this.name = name;
        }
    }

    record Digest(List<String> names, String sum, long items) {
    }

    /** The {@code mysql-vectors} block of docs/FORMAT.md, parsed. */
    static final class Vectors {
        final Map<String, Row> rows = new LinkedHashMap<>();
        final List<Digest> digests = new ArrayList<>();
        Digest all;

        static Vectors load() throws IOException {
            Path doc = findFormatDoc();
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            int start = lines.indexOf("```mysql-vectors");
            if (start < 0) {
                fail(doc + " has no ```mysql-vectors block");
            }
            Vectors v = new Vectors();
            Row current = null;
            for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                String key = colon < 0 ? line.substring(0, line.length() - 1) : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 2);
                switch (key) {
                    case "name" -> {
                        current = new Row(value);
                        v.rows.put(value, current);
                    }
                    case "row" -> current.line = value;
                    case "encoding" -> current.encoding = value;
                    case "sha256" -> current.sha256 = value;
                    case "same-encoding-as" -> assertThat(v.rows).containsKey(value);
                    case "digest-of" -> {
                        int arrow = value.indexOf("->");
                        String names = value.substring(0, arrow).trim();
                        v.digests.add(digest(names.isEmpty() ? List.of() : List.of(names.split(" +")),
                                value.substring(arrow + 2).trim()));
                    }
                    case "digest-of-all" -> v.all = digest(List.of(), value);
                    default -> fail(doc + ": unknown key '" + key + "' in the mysql-vectors block");
                }
            }
            assertThat(v.rows).as("row vectors").isNotEmpty();
            assertThat(v.all).as("digest-of-all").isNotNull();
            return v;
        }

        private static Digest digest(List<String> names, String text) {
            String[] parts = text.split(" ");
            return new Digest(names, parts[0], Long.parseLong(parts[2]));
        }

        static Path findFormatDoc() {
            for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("docs").resolve("FORMAT.md");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return fail("docs/FORMAT.md not found");
        }
    }
}
