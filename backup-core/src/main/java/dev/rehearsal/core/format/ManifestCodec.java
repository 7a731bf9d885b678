package dev.rehearsal.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes manifest.json, refusing formats and versions it does not know. */
public final class ManifestCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ManifestCodec() {
    }

    /** The mapper used for manifests; engines use it to turn their schema records into JSON. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Serializes a manifest and seals it: {@code manifestSha256} is the SHA-256 of the bytes written
     * with that value as 64 zeros, so anyone can check it with sed and sha256sum.
     */
    public static byte[] write(Manifest manifest) {
        Manifest unsealed = new Manifest(manifest.format(), manifest.formatVersion(), manifest.backupId(),
                manifest.source(), manifest.table(), manifest.scan(), manifest.startedAt(), manifest.finishedAt(),
                manifest.compression(), manifest.objects(), manifest.totals(), manifest.contentDigest(),
                manifest.writer(), UNSEALED);
        byte[] bytes = MAPPER.writeValueAsBytes(unsealed);
        int at = sealPosition(bytes);
        byte[] hex = HexFormat.of().formatHex(sha256(bytes)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, bytes, at, hex.length);
        return bytes;
    }

    private static final String UNSEALED = "0".repeat(64);
    private static final Pattern SEAL = Pattern.compile("\"manifestSha256\"\\s*:\\s*\"([0-9a-f]{64})\"");

    /** Where the 64 hex digits of {@code manifestSha256} start in a serialized manifest, or -1. */
    private static int sealPosition(byte[] bytes) {
        Matcher m = SEAL.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        int at = -1;
        while (m.find()) {
            if (at >= 0) {
                return -2;
            }
            at = m.start(1);
        }
        return at;
    }

    /** Checks the seal of a manifest's raw bytes; see {@link #write}. */
    static void checkSeal(byte[] bytes, String where) throws FormatException {
        int at = sealPosition(bytes);
        if (at < 0) {
            throw new FormatException("manifest " + where + " has no single manifestSha256 field");
        }
        String recorded = new String(bytes, at, 64, StandardCharsets.US_ASCII);
        byte[] zeroed = bytes.clone();
        System.arraycopy(UNSEALED.getBytes(StandardCharsets.US_ASCII), 0, zeroed, at, 64);
        String actual = HexFormat.of().formatHex(sha256(zeroed));
        if (!actual.equals(recorded)) {
            throw new FormatException("manifest " + where + " was modified after it was written: its manifestSha256 is "
                    + recorded + " but its content hashes to " + actual);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return SegmentWriter.sha256().digest(bytes);
    }

    /**
     * Parses a manifest read from {@code where} (a store and key, for messages).
     *
     * @throws FormatException if it is not JSON, not a Rehearsal manifest, of another version, or
     *                         modified since it was written
     */
    public static Manifest read(InputStream in, String where) throws IOException {
        byte[] bytes = in.readAllBytes();
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new FormatException("manifest " + where + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new FormatException("manifest " + where + " is not a JSON object");
        }
        String format = tree.path("format").asString("");
        if (!Manifest.FORMAT.equals(format)) {
            throw new FormatException("manifest " + where + " has format '" + format + "', expected '"
                    + Manifest.FORMAT + "'");
        }
        JsonNode versionNode = tree.path("formatVersion");
        if (!versionNode.isIntegralNumber() || versionNode.asLong() != Manifest.VERSION) {
            throw new FormatException("manifest " + where + " has formatVersion " + versionNode
                    + "; this Rehearsal reads version " + Manifest.VERSION + " only");
        }
        checkSeal(bytes, where);
        try {
            return MAPPER.treeToValue(tree, Manifest.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new FormatException("manifest " + where + " is malformed: " + e.getMessage(), e);
        }
    }
}
