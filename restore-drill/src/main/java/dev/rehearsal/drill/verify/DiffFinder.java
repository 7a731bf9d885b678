package dev.rehearsal.drill.verify;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Finds the keys behind a digest mismatch without holding either table in memory. Pass one sums
 * item hashes into {@value #BUCKETS} buckets by a hash of the key, on both sides; only buckets whose
 * sums differ can hold a difference. Pass two reads just those buckets' items, up to
 * {@value #MAX_ITEMS_HELD} of them, and compares them key by key: missing, extra, or changed with
 * the attributes that differ.
 */
final class DiffFinder {

    static final int BUCKETS = 4096;
    static final int MAX_ITEMS_HELD = 200_000;

    List<String> find(VerificationContext ctx, int max) throws InterruptedException {
        ContentDigest.Accumulator[] backup = accumulators();
        ContentDigest.Accumulator[] restored = accumulators();
        readBackup(ctx, (key, line) -> backup[bucket(key)].add(ctx.codec().hash(line)));
        readRestored(ctx, (key, line) -> restored[bucket(key)].add(ctx.codec().hash(line)));

        BitSet chosen = new BitSet(BUCKETS);
        long held = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (!backup[b].digest().equals(restored[b].digest())) {
                long size = Math.max(backup[b].items(), restored[b].items());
                if (!chosen.isEmpty() && held + size > MAX_ITEMS_HELD) {
                    break;
                }
                chosen.set(b);
                held += size;
            }
        }
        Map<String, byte[]> expected = new HashMap<>();
        Map<String, byte[]> actual = new HashMap<>();
        readBackup(ctx, (key, line) -> {
            if (chosen.get(bucket(key))) {
                expected.put(key, line);
            }
        });
        readRestored(ctx, (key, line) -> {
            if (chosen.get(bucket(key))) {
                actual.put(key, line);
            }
        });

        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            if (differences.size() >= max) {
                break;
            }
            byte[] e = expected.get(key);
            byte[] a = actual.get(key);
            if (a == null) {
                differences.add("missing: " + key);
            } else if (e == null) {
                differences.add("extra: " + key);
            } else if (!Arrays.equals(ctx.codec().hash(e), ctx.codec().hash(a))) {
                differences.add("changed: " + key + " attributes " + ctx.codec().differingAttributes(e, a));
            }
        }
        return differences;
    }

    private static void readBackup(VerificationContext ctx, BiConsumer<String, byte[]> each) {
        Manifest m = ctx.manifest();
        for (Manifest.DataObject o : m.objects()) {
            try (DataObjectReader reader = ctx.repository().read(ctx.backup(), m, o)) {
                byte[] line;
                while ((line = reader.next()) != null) {
                    each.accept(ctx.codec().key(line), line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void readRestored(VerificationContext ctx, BiConsumer<String, byte[]> each) throws InterruptedException {
        var description = ctx.sink().reader().describe(ctx.target());
        try (TableScan scan = ctx.sink().reader().openScan(description,
                ScanOptions.defaults().withSegments(1).withConsistentRead(true))) {
            scan.read(0, (line, hash) -> each.accept(ctx.codec().key(line), line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ContentDigest.Accumulator[] accumulators() {
        ContentDigest.Accumulator[] a = new ContentDigest.Accumulator[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            a[i] = new ContentDigest.Accumulator();
        }
        return a;
    }

    static int bucket(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ((h[0] & 0xff) << 8 | (h[1] & 0xff)) % BUCKETS;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
