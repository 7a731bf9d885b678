package dev.rehearsal.drill.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DSSE envelope: a payload, its type, and the signatures over their PAE ({@link Dsse#pae}).
 * No signature at all means the payload was stored unsigned (no key was configured).
 *
 * @param payloadType the payload's media type, e.g. {@value Statements#IN_TOTO_TYPE}
 * @param payload     the payload's bytes (the JSON carries them in standard base64)
 * @param signatures  in the order they were made; empty when unsigned
 */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {

    /** One signature: the key's id, and the 64 bytes of the Ed25519 signature. */
    public record Signature(String keyid, byte[] sig) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public Envelope {
        signatures = List.copyOf(signatures);
    }

    public boolean signed() {
        return !signatures.isEmpty();
    }

    /** The id of the first signature's key, or null when unsigned. */
    public String keyId() {
        return signed() ? signatures.get(0).keyid() : null;
    }

    /** SHA-256 of the payload's bytes, 64 lowercase hex digits: what a compliance export cites. */
    public String payloadSha256() {
        return sha256(payload);
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The envelope as compact JSON, fields in the order DSSE's specification lists them. */
    public String toJson() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("payloadType", payloadType);
        e.put("payload", Base64.getEncoder().encodeToString(payload));
        List<Map<String, Object>> sigs = new ArrayList<>();
        for (Signature s : signatures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("keyid", s.keyid());
            m.put("sig", Base64.getEncoder().encodeToString(s.sig()));
            sigs.add(m);
        }
        e.put("signatures", sigs);
        return JSON.writeValueAsString(e);
    }

    /**
     * Reads an envelope strictly: exactly the fields above, each of its type, base64 in its one
     * canonical spelling. Strictness is the point: an envelope someone edited must not read as
     * the one that was signed.
     *
     * @throws MalformedEnvelopeException naming the field at fault
     */
    public static Envelope fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedEnvelopeException("the envelope is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEnvelopeException("the envelope is not a JSON object");
        }
        onlyFields(root, "envelope", Set.of("payloadType", "payload", "signatures"));
        String type = string(root, "payloadType", "envelope");
        byte[] payload = base64(string(root, "payload", "envelope"), "payload");
        JsonNode sigs = root.get("signatures");
        if (sigs == null || !sigs.isArray()) {
            throw new MalformedEnvelopeException("the envelope's 'signatures' is missing or not an array");
        }
        List<Signature> signatures = new ArrayList<>();
        int i = 0;
        for (JsonNode s : sigs) {
            String where = "signatures[" + i++ + "]";
            if (!s.isObject()) {
                throw new MalformedEnvelopeException(where + " is not an object");
            }
            onlyFields(s, where, Set.of("keyid", "sig"));
            signatures.add(new Signature(string(s, "keyid", where), base64(string(s, "sig", where), where + ".sig")));
        }
        return new Envelope(type, payload, signatures);
    }

    private static void onlyFields(JsonNode node, String where, Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new MalformedEnvelopeException(where + " has an unknown field '" + name + "'");
            }
        }
    }

    private static String string(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            throw new MalformedEnvelopeException(where + "'s '" + field + "' is missing or not a string");
        }
        return v.asString();
    }

    private static byte[] base64(String text, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("'" + field + "' is not standard base64: " + e.getMessage());
        }
        // The decoder ignores the unused low bits of the last character; two spellings of one value are refused.
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new MalformedEnvelopeException("'" + field + "' is not base64 in its canonical spelling");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && e.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "Envelope[" + payloadType + ", " + payload.length + " bytes, " + signatures.size() + " signature(s)]";
    }
}
