package dev.rehearsal.core.format;

import java.io.IOException;
import java.io.InputStream;
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

    public static byte[] write(Manifest manifest) {
        return MAPPER.writeValueAsBytes(manifest);
    }

    /**
     * Parses a manifest read from {@code where} (a store and key, for messages).
     *
     * @throws FormatException if it is not JSON, not a Rehearsal manifest, or of another version
     */
    public static Manifest read(InputStream in, String where) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(in);
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
        int version = tree.path("formatVersion").asInt(-1);
        if (version != Manifest.VERSION) {
            throw new FormatException("manifest " + where + " has formatVersion " + version
                    + "; this Rehearsal reads version " + Manifest.VERSION + " only");
        }
        try {
            return MAPPER.treeToValue(tree, Manifest.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new FormatException("manifest " + where + " is malformed: " + e.getMessage(), e);
        }
    }
}
