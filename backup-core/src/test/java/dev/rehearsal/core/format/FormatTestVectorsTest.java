package dev.rehearsal.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.rehearsal.core.source.dynamodb.DynamoDbCanonical;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import java.io.IOException;
import java.math.BigInteger;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks the Java implementation against the test vectors in docs/FORMAT.md, which were computed
 * by an independent implementation of the document (docs/tools/format_vectors.py). If this fails,
 * either the code or the document is wrong; which one is a decision, never a quick regeneration.
 */
class FormatTestVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theDocumentHoldsAVectorsBlockCoveringEveryKind() throws IOException {
        Vectors v = Vectors.load();
        assertThat(v.numbers).as("number vectors").isNotEmpty();
        assertThat(v.items).as("item vectors").isNotEmpty();
        assertThat(v.digests).as("digest-of vectors").isNotEmpty();
        assertThat(v.digestOfAll).as("digest-of-all").isNotNull();
    }

    @Test
    void theExampleManifestIsAValidSealedManifest() throws IOException {
        Path doc = Vectors.findFormatDoc();
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int example = text.indexOf("### Example");
        int start = text.indexOf("```json\n", example) + "```json\n".length();
        int end = text.indexOf("\n```", start);
        assertThat(example).as("an Example section").isPositive();
        byte[] json = text.substring(start, end).getBytes(StandardCharsets.UTF_8);
        Manifest m = ManifestCodec.read(new java.io.ByteArrayInputStream(json), doc + " example");
        assertThat(m.totals().items()).isEqualTo(m.contentDigest().items());
        assertThat(m.objects().stream().mapToLong(Manifest.DataObject::items).sum()).isEqualTo(m.totals().items());
        // The document's example is exactly what the writer produces for the same manifest.
        assertThat(new String(ManifestCodec.write(m), StandardCharsets.UTF_8)).isEqualTo(new String(json, StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> numbersCanonicaliseAsDocumented() throws IOException {
        return Vectors.load().numbers.stream().map(n -> DynamicTest.dynamicTest("number " + n.input, () -> {
            if (n.canonical.equals("error")) {
                assertThatThrownBy(() -> DynamoDbCanonical.canonicalNumber(n.input))
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(DynamoDbCanonical.canonicalNumber(n.input)).isEqualTo(n.canonical);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> itemsEncodeAndHashAsDocumented() throws IOException {
        Vectors v = Vectors.load();
        return v.items.values().stream().map(item -> DynamicTest.dynamicTest("item " + item.name, () -> {
            Map<String, AttributeValue> parsed = parse(item.json);
            DynamoDbCanonical canonical = new DynamoDbCanonical();
            byte[] encoding = canonical.encode(parsed);
            assertThat(HEX.formatHex(encoding)).as("encoding of " + item.name).isEqualTo(item.encoding);
            assertThat(HEX.formatHex(canonical.hash(parsed))).as("sha256 of " + item.name).isEqualTo(item.sha256);
            if (item.sameAs != null) {
                assertThat(encoding).as(item.name + " encodes as " + item.sameAs)
                        .isEqualTo(canonical.encode(parse(v.item(item.sameAs).json)));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> digestsSumTheItemHashes() throws IOException {
        Vectors v = Vectors.load();
        List<DynamicTest> tests = new ArrayList<>();
        for (DigestVector d : v.digests) {
            tests.add(DynamicTest.dynamicTest("digest of [" + String.join(" ", d.names) + "]", () -> {
                List<byte[]> hashes = new ArrayList<>();
                for (String name : d.names) {
                    hashes.add(hashOf(v.item(name)));
                }
                assertDigest(hashes, d);
            }));
        }
        tests.add(DynamicTest.dynamicTest("digest of all items", () -> {
            List<byte[]> hashes = new ArrayList<>();
            for (ItemVector item : v.items.values()) {
                hashes.add(hashOf(item));
            }
            assertDigest(hashes, v.digestOfAll);
        }));
        return tests.stream();
    }

    private static void assertDigest(List<byte[]> hashes, DigestVector expected) {
        ContentDigest.Accumulator whole = new ContentDigest.Accumulator();
        hashes.forEach(whole::add);
        assertThat(whole.digest()).isEqualTo(new ContentDigest(ContentDigest.ALGORITHM, expected.sum, expected.items));

        // As a backup computes it: one accumulator per segment, merged.
        ContentDigest.Accumulator even = new ContentDigest.Accumulator();
        ContentDigest.Accumulator odd = new ContentDigest.Accumulator();
        for (int i = 0; i < hashes.size(); i++) {
            (i % 2 == 0 ? even : odd).add(hashes.get(i));
        }
        even.merge(odd);
        assertThat(even.digest()).isEqualTo(whole.digest());

        BigInteger reference = ContentDigest.sumOf(hashes);
        assertThat(reference).isEqualTo(new BigInteger(expected.sum, 16));
    }

    private static byte[] hashOf(ItemVector item) {
        return new DynamoDbCanonical().hash(parse(item.json));
    }

    private static Map<String, AttributeValue> parse(String json) {
        return DynamoDbJson.parseItemLine(("{\"Item\":" + json + "}").getBytes(StandardCharsets.UTF_8));
    }

    record NumberVector(String input, String canonical) {
    }

    static final class ItemVector {
        final String name;
        String json;
        String sameAs;
        String encoding;
        String sha256;

        ItemVector(String name) {
            this.name = name;
        }
    }

    record DigestVector(List<String> names, String sum, long items) {
    }

    /** The {@code vectors} block of docs/FORMAT.md, parsed; its grammar is described there. */
    static final class Vectors {
        final List<NumberVector> numbers = new ArrayList<>();
        final Map<String, ItemVector> items = new LinkedHashMap<>();
        final List<DigestVector> digests = new ArrayList<>();
        DigestVector digestOfAll;

        ItemVector item(String name) {
            ItemVector item = items.get(name);
            if (item == null) {
                fail("the vectors refer to item '" + name + "', which the block does not define");
            }
            return item;
        }

        static Vectors load() throws IOException {
            Path doc = findFormatDoc();
            List<String> block = vectorsBlock(doc, Files.readAllLines(doc, StandardCharsets.UTF_8));
            Vectors v = new Vectors();
            ItemVector current = null;
            for (int i = 0; i < block.size(); i++) {
                String line = block.get(i);
                String where = doc + ", vectors block line " + (i + 1);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon < 0 && !line.endsWith(":")) {
                    fail(where + ": expected 'key: value', found '" + line + "'");
                }
                String key = colon < 0 ? line.substring(0, line.length() - 1) : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 2);
                switch (key) {
                    case "number" -> {
                        int arrow = value.lastIndexOf(" -> ");
                        if (arrow < 0) {
                            fail(where + ": expected 'number: <input> -> <canonical>'");
                        }
                        v.numbers.add(new NumberVector(value.substring(0, arrow), value.substring(arrow + 4)));
                    }
                    case "name" -> {
                        current = new ItemVector(value);
                        if (v.items.putIfAbsent(value, current) != null) {
                            fail(where + ": item '" + value + "' is defined twice");
                        }
                    }
                    case "item" -> requireItem(current, where).json = value;
                    case "same-encoding-as" -> requireItem(current, where).sameAs = value;
                    case "encoding" -> requireItem(current, where).encoding = value;
                    case "sha256" -> requireItem(current, where).sha256 = value;
                    case "digest-of" -> {
                        int arrow = value.indexOf("->");
                        if (arrow < 0) {
                            fail(where + ": expected 'digest-of: <names> -> <sum> items <n>'");
                        }
                        String names = value.substring(0, arrow).trim();
                        v.digests.add(digest(names.isEmpty() ? List.of() : List.of(names.split(" +")),
                                value.substring(arrow + 2).trim(), where));
                    }
                    case "digest-of-all" -> v.digestOfAll = digest(List.of(), value, where);
                    default -> fail(where + ": unknown key '" + key + "'");
                }
            }
            for (ItemVector item : v.items.values()) {
                if (item.json == null || item.encoding == null || item.sha256 == null) {
                    fail("item '" + item.name + "' in " + doc + " lacks an item, encoding or sha256 line");
                }
            }
            if (v.numbers.isEmpty() || v.items.isEmpty() || v.digestOfAll == null) {
                fail("the vectors block in " + doc + " must hold number vectors, item vectors and digest-of-all");
            }
            return v;
        }

        private static ItemVector requireItem(ItemVector current, String where) {
            if (current == null) {
                fail(where + ": item line before any 'name:' line");
            }
            return current;
        }

        private static DigestVector digest(List<String> names, String text, String where) {
            String[] parts = text.split(" ");
            if (parts.length != 3 || !parts[1].equals("items")) {
                fail(where + ": expected '<64 hex digits> items <n>', found '" + text + "'");
            }
            return new DigestVector(names, parts[0], Long.parseLong(parts[2]));
        }

        private static List<String> vectorsBlock(Path doc, List<String> lines) {
            int start = lines.indexOf("```vectors");
            if (start < 0) {
                fail(doc + " has no ```vectors block");
            }
            for (int end = start + 1; end < lines.size(); end++) {
                if (lines.get(end).startsWith("```")) {
                    return lines.subList(start + 1, end);
                }
            }
            return fail(doc + ": the ```vectors block is never closed");
        }

        /** docs/FORMAT.md from the module directory (Maven's usual working directory) or any directory below the repository root. */
        static Path findFormatDoc() {
            Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("docs").resolve("FORMAT.md");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return fail("docs/FORMAT.md not found in " + start + " or any directory above it");
        }
    }
}
