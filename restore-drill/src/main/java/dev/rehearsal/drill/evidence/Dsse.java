package dev.rehearsal.drill.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;

/** Signs and verifies DSSE envelopes with Ed25519 (DSSE v1, docs/EVIDENCE.md). */
public final class Dsse {

    private Dsse() {
    }

    /**
     * The Pre-Authentication Encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body},
     * lengths in bytes as ASCII decimal. Signatures are over these bytes, never over the JSON.
     */
    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** An envelope of the payload signed with the key; unsigned (no signatures) when the key is null. */
    public static Envelope sign(String payloadType, byte[] payload, SigningKey key) {
        if (key == null) {
            return new Envelope(payloadType, payload, List.of());
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.privateKey());
            s.update(pae(payloadType, payload));
            return new Envelope(payloadType, payload, List.of(new Envelope.Signature(key.keyId(), s.sign())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with evidence key '" + key.keyId() + "' failed: " + e, e);
        }
    }

    /** What verifying an envelope found. */
    public record Verification(Status status, String keyId, String detail) {

        public boolean verified() {
            return status == Status.VERIFIED;
        }
    }

    public enum Status {
        /** A signature by a known key verifies. */
        VERIFIED,
        /** The envelope carries no signature: it was stored while no key was configured. */
        UNSIGNED,
        /** No signature names a key the verifier knows. */
        UNKNOWN_KEY,
        /** A signature by a known key does not verify: the payload, its type or the signature changed. */
        BAD_SIGNATURE
    }

    /**
     * Verifies an envelope against public keys by key id. The first signature by a known key decides.
     */
    public static Verification verify(Envelope envelope, Map<String, PublicKey> keys) {
        if (!envelope.signed()) {
            return new Verification(Status.UNSIGNED, null, "the envelope carries no signature");
        }
        for (Envelope.Signature sig : envelope.signatures()) {
            PublicKey key = keys.get(sig.keyid());
            if (key == null) {
                continue;
            }
            boolean ok;
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(pae(envelope.payloadType(), envelope.payload()));
                ok = s.verify(sig.sig());
            } catch (GeneralSecurityException e) {
                ok = false;
            }
            return ok ? new Verification(Status.VERIFIED, sig.keyid(), "signature by key '" + sig.keyid() + "' verifies")
                    : new Verification(Status.BAD_SIGNATURE, sig.keyid(), "the signature by key '" + sig.keyid()
                            + "' does not verify: the payload, its type or the signature was changed");
        }
        return new Verification(Status.UNKNOWN_KEY, envelope.keyId(), "no signature is by a known key (signed by "
                + envelope.signatures().stream().map(s -> "'" + s.keyid() + "'").toList() + ", known " + keys.keySet() + ")");
    }
}
