package dev.rehearsal.dashboard.security;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API tokens, held as SHA-256 hashes. Tokens are long random strings, so a plain
 * hash is enough to keep them out of configuration and memory dumps; a slow password hash would
 * only slow every API call down.
 */
public final class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param name who the token belongs to, as the audit log names it */
    public record Holder(String name, Role role) {
    }

    private final Map<String, Holder> byHash = new LinkedHashMap<>();

    public ApiTokens(Map<String, RehearsalProperties.Token> tokens) {
        tokens.forEach((name, t) -> byHash.put(t.sha256().toLowerCase(java.util.Locale.ROOT),
                new Holder(name, Role.parse(t.role()).orElseThrow())));
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** The holder of a presented token, if it is one of the configured ones. */
    public Optional<Holder> holder(String presented) {
        byte[] hash = sha256Bytes(presented);
        for (Map.Entry<String, Holder> e : byHash.entrySet()) {
            if (MessageDigest.isEqual(hash, HexFormat.of().parseHex(e.getKey()))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** A new token: 32 random bytes, URL-safe Base64, prefixed so that it is recognisable in a leak scan. */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "rh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What to configure for a token: the hex SHA-256 of its UTF-8 bytes. */
    public static String sha256(String token) {
        return HexFormat.of().formatHex(sha256Bytes(token));
    }

    private static byte[] sha256Bytes(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
