package dev.rehearsal.core.format;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The content digest of a table: the sum, modulo 2<sup>256</sup>, of the SHA-256 of every item's
 * canonical encoding, read as unsigned big-endian integers, together with the item count.
 *
 * <p>A sum does not depend on the order items were read in, so parallel segments and a restored
 * table scanned in another order agree; unlike XOR, two copies of one item do not cancel out.
 */
public record ContentDigest(String algorithm, String sum, long items) {

    public static final String ALGORITHM = "sum-sha256-v1";
    private static final String ZERO = "0".repeat(64);

    public ContentDigest {
        Objects.requireNonNull(algorithm, "algorithm");
        if (sum == null || sum.length() != 64 || !sum.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("content digest sum must be 64 hex digits, was '" + sum + "'");
        }
        if (items < 0) {
            throw new IllegalArgumentException("content digest item count is negative: " + items);
        }
    }

    public static ContentDigest empty() {
        return new ContentDigest(ALGORITHM, ZERO, 0);
    }

    /** Short form for logs and reports: {@code sum-sha256-v1:1f2e…:1200}. */
    public String display() {
        return algorithm + ":" + sum + ":" + items;
    }

    /**
     * Adds item hashes. One accumulator per thread; {@link #merge} combines them. The 256-bit sum is
     * kept as four 64-bit words with carries, which is several times faster than BigInteger.
     */
    public static final class Accumulator {
        private final long[] words = new long[4]; // words[0] is the most significant
        private long items;

        /** Adds one item's 32-byte SHA-256. */
        public void add(byte[] sha256) {
            if (sha256.length != 32) {
                throw new IllegalArgumentException("item hash must be 32 bytes, was " + sha256.length);
            }
            long carry = 0;
            for (int w = 3; w >= 0; w--) {
                long addend = 0;
                for (int b = 0; b < 8; b++) {
                    addend = (addend << 8) | (sha256[w * 8 + b] & 0xffL);
                }
                carry = addWord(w, addend, carry);
            }
            items++;
        }

        public void merge(Accumulator other) {
            long carry = 0;
            for (int w = 3; w >= 0; w--) {
                carry = addWord(w, other.words[w], carry);
            }
            items += other.items;
        }

        private long addWord(int w, long addend, long carryIn) {
            long before = words[w];
            long sum = before + addend;
            long carry = Long.compareUnsigned(sum, before) < 0 ? 1 : 0;
            long withCarry = sum + carryIn;
            if (carryIn != 0 && withCarry == 0) {
                carry = 1;
            }
            words[w] = withCarry;
            return carry;
        }

        /** Adds a digest computed elsewhere, a segment's for example. */
        public void merge(ContentDigest other) {
            if (!ALGORITHM.equals(other.algorithm())) {
                throw new IllegalArgumentException("cannot add a " + other.algorithm() + " digest to a " + ALGORITHM + " one");
            }
            long carry = 0;
            for (int w = 3; w >= 0; w--) {
                carry = addWord(w, Long.parseUnsignedLong(other.sum().substring(w * 16, w * 16 + 16), 16), carry);
            }
            items += other.items();
        }

        public long items() {
            return items;
        }

        public ContentDigest digest() {
            StringBuilder hex = new StringBuilder(64);
            for (long word : words) {
                hex.append(HexFormat.of().toHexDigits(word));
            }
            return new ContentDigest(ALGORITHM, hex.toString(), items);
        }
    }

    /** Reference implementation with BigInteger, for tests and for readers of FORMAT.md. */
    static BigInteger sumOf(Iterable<byte[]> hashes) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(256);
        BigInteger sum = BigInteger.ZERO;
        for (byte[] h : hashes) {
            sum = sum.add(new BigInteger(1, h)).mod(modulus);
        }
        return sum;
    }
}
