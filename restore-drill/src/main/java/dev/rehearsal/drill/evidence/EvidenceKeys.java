package dev.rehearsal.drill.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Ed25519 keys from PEM files (PKCS#8 private keys, SubjectPublicKeyInfo public keys), as openssl writes them. */
public final class EvidenceKeys {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private EvidenceKeys() {
    }

    /**
     * Reads the signing key from a PEM PKCS#8 file ({@code openssl genpkey -algorithm ed25519}).
     *
     * @param property the configuration property that named the file, for the error message
     */
    public static SigningKey signingKey(String keyId, Path file, String property) {
        byte[] der = read(file, "PRIVATE KEY", property);
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new SigningKey(keyId, key, publicKeyOf(key));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + file + " does not hold an Ed25519 private key"
                    + " (PEM PKCS#8, e.g. from 'openssl genpkey -algorithm ed25519'): " + e.getMessage(), e);
        }
    }

    /** Reads a public key from a PEM file ({@code openssl pkey -pubout}). */
    public static PublicKey publicKey(Path file, String property) {
        return publicKey(read(file, "PUBLIC KEY", property), property + ": " + file);
    }

    /** Reads a public key from its X.509 SubjectPublicKeyInfo DER. */
    public static PublicKey publicKey(byte[] der, String where) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " does not hold an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Reads a public key from PEM text. */
    public static PublicKey publicKeyFromPem(String pem, String where) {
        return publicKey(decode(pem, "PUBLIC KEY", where), where);
    }

    /**
     * The public key of an Ed25519 private key. The JDK has no call for it; its key pair generator
     * takes the 32-byte private key from the random source it is given and computes the public key,
     * so it is handed a source that yields exactly those bytes.
     */
    static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the private key's bytes cannot be read"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(255, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) {
                    throw new IllegalStateException("Ed25519 asked for " + bytes.length + " random bytes, not 32");
                }
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        });
        KeyPair pair = g.generateKeyPair();
        if (!java.util.Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new GeneralSecurityException("the public key could not be derived from the private key");
        }
        return pair.getPublic();
    }

    static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static byte[] read(Path file, String type, String property) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(property + ": cannot read " + file + ": " + e, e);
        }
        return decode(text, type, property + ": " + file);
    }

    private static byte[] decode(String text, String type, String where) {
        Matcher m = PEM.matcher(text);
        if (!m.find() || !m.group(1).equals(type)) {
            throw new IllegalArgumentException(where + " holds no PEM '" + type + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the PEM block is not base64: " + e.getMessage(), e);
        }
    }
}
