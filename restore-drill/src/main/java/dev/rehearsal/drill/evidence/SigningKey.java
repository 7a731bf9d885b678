package dev.rehearsal.drill.evidence;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The key reports are signed with: its id (what envelopes name in {@code keyid}), the private key,
 * and the public key a verifier needs.
 */
public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {

    public PublicKeyEntry publicEntry() {
        return new PublicKeyEntry(keyId, publicKey, true);
    }
}
