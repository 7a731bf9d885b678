package dev.rehearsal.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A DSSE envelope and its verification with Ed25519, written from the DSSE specification and
 * docs/EVIDENCE.md alone, independent of the daemon's signer, so that each checks the other. The
 * signature covers the pre-authentication encoding of the payload,
 * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in bytes as ASCII decimals.
 * docs/EVIDENCE.md specifies the envelope.
 */
final class Dsse {

    /** One signature, its key id as the envelope gives it (a hint: the key must still verify). */
    record Sig(String keyId, byte[] signature) {
    }

    /** An envelope as read: the payload decoded. */
    record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
    }

    /** A public key the verifier trusts; {@code keyId} null when it was given without one (a bare PEM file). */
    record TrustedKey(String keyId, PublicKey key, String from) {
    }

    /** How verification ended: the key whose signature verified, or why none did. */
    record Verdict(boolean verified, String keyId, String reason) {
    }

    private Dsse() {
    }

    /** Reads an envelope, refusing anything that is not one and naming what is missing. */
    static Envelope parse(byte[] json, String name) {
        JsonNode n;
        try {
            n = ApiClient.JSON.readTree(json);
        } catch (JacksonException e) {
            throw new CliError(ExitCode.NOT_VERIFIED, name + " is not JSON, so not a DSSE envelope: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new CliError(ExitCode.NOT_VERIFIED, name + " is not a DSSE envelope: not a JSON object");
        }
        String type = ApiClient.text(n, "payloadType");
        String payload = ApiClient.text(n, "payload");
        JsonNode sigs = n.get("signatures");
        if (type == null || payload == null || sigs == null || !sigs.isArray()) {
            throw new CliError(ExitCode.NOT_VERIFIED, name + " is not a DSSE envelope: it needs 'payloadType',"
                    + " 'payload' and 'signatures'" + (n.has("evidence") ? " (this looks like a drill's record; get its"
                    + " envelope with 'rehearsal drill evidence ID')" : ""));
        }
        List<Sig> signatures = new ArrayList<>();
        int i = 0;
        for (JsonNode s : sigs) {
            String sig = ApiClient.text(s, "sig");
            if (sig == null) {
                throw new CliError(ExitCode.NOT_VERIFIED, name + ": signature " + i + " has no 'sig'");
            }
            signatures.add(new Sig(ApiClient.text(s, "keyid"), base64(sig, name + ": signature " + i + "'s 'sig'")));
            i++;
        }
        return new Envelope(type, base64(payload, name + ": 'payload'"), signatures);
    }

    /** The pre-authentication encoding the signature covers. */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(type);
        b.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(payload);
        return b.toByteArray();
    }

    /**
     * Verified when at least one signature verifies with a trusted key: a key given with an id checks
     * the signatures of that id, one given without an id checks every signature.
     */
    static Verdict verify(Envelope e, List<TrustedKey> keys) {
        if (e.signatures().isEmpty()) {
            return new Verdict(false, null, "the envelope is unsigned: the daemon had no signing key configured when it"
                    + " stored it, so nothing proves who wrote it");
        }
        byte[] pae = pae(e.payloadType(), e.payload());
        List<String> tried = new ArrayList<>();
        for (Sig s : e.signatures()) {
            for (TrustedKey k : keys) {
                if (k.keyId() != null && !k.keyId().equals(s.keyId())) {
                    continue;
                }
                tried.add("key '" + s.keyId() + "' (" + k.from() + ")");
                if (verifies(k.key(), pae, s.signature())) {
                    return new Verdict(true, s.keyId() != null ? s.keyId() : k.keyId(), null);
                }
            }
        }
        if (tried.isEmpty()) {
            return new Verdict(false, null, "no trusted key for the envelope's signatures (key ids "
                    + e.signatures().stream().map(s -> "'" + s.keyId() + "'").toList() + "); give the public key"
                    + " with --key or the daemon's keys with --keys");
        }
        return new Verdict(false, null, "the signature does not verify with " + String.join(", ", tried)
                + ": the report was changed after it was signed, or signed by another key");
    }

    private static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature verifies nothing
        }
    }

    /** An Ed25519 public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    static PublicKey publicKeyFromPem(String pem, String from) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new CliError(ExitCode.USAGE, from + " is not a PEM public key: it needs '" + begin + "' ... '" + end + "'");
        }
        byte[] der = base64(pem.substring(b + begin.length(), e).replaceAll("\\s", ""), from);
        return publicKeyFromDer(der, from);
    }

    static PublicKey publicKeyFromDer(byte[] der, String from) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new CliError(ExitCode.USAGE, from + " is not an Ed25519 public key: " + e.getMessage());
        }
    }

    /**
     * Standard base64 with padding (RFC 4648 section 4), and only its one spelling of the bytes, as
     * docs/EVIDENCE.md requires: the JDK's decoder also takes a missing padding or stray low bits, which
     * would let two different envelopes carry one signature.
     */
    private static byte[] base64(String s, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCode.NOT_VERIFIED, what + " is not standard base64: " + e.getMessage());
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
            throw new CliError(ExitCode.NOT_VERIFIED, what + " is not in the one standard base64 spelling of its bytes"
                    + " (with padding, RFC 4648 section 4), which docs/EVIDENCE.md requires");
        }
        return bytes;
    }
}
