package dev.rehearsal.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentDigestTest {

    @Test
    void wordArithmeticAgreesWithBigIntegerOnRandomHashes() {
        Random random = new Random(42);
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            hashes.add(h);
        }
        assertThat(sumOf(hashes)).isEqualTo(reference(hashes));
    }

    @Test
    void carriesRippleThroughEveryWordAndWrapModulo2To256() {
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        byte[] one = new byte[32];
        one[31] = 1;
        List<byte[]> hashes = List.of(ones, one, ones, ones);
        assertThat(sumOf(hashes)).isEqualTo(reference(hashes));
        // (2^256 - 1) + 1 wraps to zero.
        assertThat(sumOf(List.of(ones, one)).sum()).isEqualTo("0".repeat(64));
    }

    @Test
    void orderDoesNotMatterButDuplicatesDo() {
        Random random = new Random(7);
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            hashes.add(h);
        }
        ContentDigest forward = sumOf(hashes);
        Collections.shuffle(hashes, random);
        assertThat(sumOf(hashes)).isEqualTo(forward);

        List<byte[]> withDuplicate = new ArrayList<>(hashes);
        withDuplicate.add(hashes.get(0));
        withDuplicate.add(hashes.get(0));
        ContentDigest duplicated = sumOf(withDuplicate);
        assertThat(duplicated.sum()).isNotEqualTo(forward.sum()); // XOR would have cancelled the pair
        assertThat(duplicated.items()).isEqualTo(102);
    }

    @Test
    void mergingPerSegmentAccumulatorsEqualsOneAccumulator() {
        Random random = new Random(3);
        ContentDigest.Accumulator whole = new ContentDigest.Accumulator();
        ContentDigest.Accumulator a = new ContentDigest.Accumulator();
        ContentDigest.Accumulator b = new ContentDigest.Accumulator();
        for (int i = 0; i < 1_000; i++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            whole.add(h);
            (i % 3 == 0 ? a : b).add(h);
        }
        a.merge(b);
        assertThat(a.digest()).isEqualTo(whole.digest());

        ContentDigest.Accumulator fromDigests = new ContentDigest.Accumulator();
        fromDigests.merge(b.digest());
        ContentDigest.Accumulator again = new ContentDigest.Accumulator();
        again.merge(fromDigests.digest());
        assertThat(again.digest()).isEqualTo(b.digest());
    }

    private static ContentDigest sumOf(List<byte[]> hashes) {
        ContentDigest.Accumulator acc = new ContentDigest.Accumulator();
        hashes.forEach(acc::add);
        return acc.digest();
    }

    private static ContentDigest reference(List<byte[]> hashes) {
        BigInteger sum = ContentDigest.sumOf(hashes);
        String hex = sum.toString(16);
        return new ContentDigest(ContentDigest.ALGORITHM, "0".repeat(64 - hex.length()) + hex, hashes.size());
    }
}
