package dev.rehearsal.drill.evidence;

import java.security.PublicKey;
import java.util.Base64;

/**
 * A public key reports may be verified with.
 *
 * @param active true for the key that signs now; false for a retired key, kept so that the reports
 *               it signed stay verifiable
 */
public record PublicKeyEntry(String keyId, PublicKey key, boolean active) {

    /** The X.509 SubjectPublicKeyInfo, DER (44 bytes for Ed25519), in standard base64. */
    public String derBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The same as a PEM {@code PUBLIC KEY} block, as {@code openssl pkey -pubout} writes it. */
    public String pem() {
        return EvidenceKeys.pem("PUBLIC KEY", key.getEncoded());
    }
}
