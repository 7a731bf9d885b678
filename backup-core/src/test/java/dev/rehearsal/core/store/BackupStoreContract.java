package dev.rehearsal.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupStore} promises, run against a real instance of each: a subclass says how
 * to make a fresh store and one whose {@link BackupStore#probe()} must fail.
 */
public abstract class BackupStoreContract {

    /** Larger than two parts of the smallest part size S3 allows (5 MiB), and not a multiple of it. */
    protected static final int LARGE_OBJECT_SIZE = 12 * 1024 * 1024 + 12_345;

    protected BackupStore store;

    /** A new, empty store. */
    protected abstract BackupStore newStore() throws Exception;

    /** A store that does not exist or cannot be written to, named like a real one. */
    protected abstract BackupStore unusableStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void writtenBytesAreReadBackExactly() throws Exception {
        byte[] data = allByteValues();
        write("src/orders/b1/data/00000-00000.json.zst", data);

        assertThat(read("src/orders/b1/data/00000-00000.json.zst")).isEqualTo(data);
        assertThat(store.list("src/")).containsExactly(new StoredObject("src/orders/b1/data/00000-00000.json.zst", data.length));
    }

    @Test
    void anEmptyObjectIsStored() throws Exception {
        write("src/orders/b1/empty", new byte[0]);

        assertThat(read("src/orders/b1/empty")).isEmpty();
        assertThat(store.list("src/orders/b1/")).containsExactly(new StoredObject("src/orders/b1/empty", 0));
    }

    @Test
    void anObjectIsNeitherListedNorOpenableBeforeClose() throws Exception {
        StoreOutput out = store.create("src/orders/b1/manifest.json");
        out.write(bytes("{\"half\":"));

        assertThat(store.list("")).isEmpty();
        assertThatThrownBy(() -> store.open("src/orders/b1/manifest.json")).isInstanceOf(NoSuchObjectException.class);

        out.write(bytes("true}"));
        out.close();
        assertThat(read("src/orders/b1/manifest.json")).isEqualTo(bytes("{\"half\":true}"));
    }

    @Test
    void abortLeavesNothingAndFreesTheKey() throws Exception {
        StoreOutput out = store.create("src/orders/b1/data/x");
        out.write(bytes("discard me"));
        out.abort();
        out.close();

        assertThat(store.list("")).isEmpty();
        assertThatThrownBy(() -> store.open("src/orders/b1/data/x")).isInstanceOf(NoSuchObjectException.class);

        write("src/orders/b1/data/x", bytes("kept"));
        assertThat(read("src/orders/b1/data/x")).isEqualTo(bytes("kept"));
    }

    @Test
    void abortOfAnObjectSeveralPartsLongLeavesNothing() throws Exception {
        StoreOutput out = store.create("src/orders/b1/data/big");
        out.write(randomBytes(LARGE_OBJECT_SIZE, 7));
        out.abort();

        assertThat(store.list("")).isEmpty();
        assertThatThrownBy(() -> store.open("src/orders/b1/data/big")).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void anExistingObjectIsNeverOverwritten() throws Exception {
        write("src/orders/b1/manifest.json", bytes("first"));

        assertThatThrownBy(() -> store.create("src/orders/b1/manifest.json"))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("src/orders/b1/manifest.json")
                .hasMessageContaining(store.name());
        assertThat(read("src/orders/b1/manifest.json")).isEqualTo(bytes("first"));
    }

    @Test
    void ofTwoWritersOfOneKeyTheSecondToCloseLoses() throws Exception {
        StoreOutput first = store.create("src/orders/b1/manifest.json");
        StoreOutput second = store.create("src/orders/b1/manifest.json");
        first.write(bytes("first"));
        second.write(bytes("second"));
        first.close();

        assertThatThrownBy(second::close)
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("src/orders/b1/manifest.json")
                .hasMessageContaining(store.name());
        assertThat(read("src/orders/b1/manifest.json")).isEqualTo(bytes("first"));
        assertThat(store.list("")).hasSize(1);
    }

    @Test
    void openingAMissingObjectNamesTheKeyAndTheStore() throws Exception {
        write("src/orders/b1/data/present", bytes("x"));

        assertThatThrownBy(() -> store.open("src/orders/b1/data/absent"))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("'src/orders/b1/data/absent'")
                .hasMessageContaining(store.name());
    }

    @Test
    void listReturnsOnlyKeysWithThePrefixSortedByKey() throws Exception {
        for (String key : List.of("a/b/2", "b/1", "a/b/10", "ab/1", "a/c/1", "a/b/1")) {
            write(key, bytes("v-" + key));
        }

        assertThat(store.list("a/b/")).containsExactly(
                new StoredObject("a/b/1", 7), new StoredObject("a/b/10", 8), new StoredObject("a/b/2", 7));
        assertThat(keys("a/")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c/1");
        // A prefix is a prefix of the key, not a folder.
        assertThat(keys("a")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c/1", "ab/1");
        assertThat(keys("a/b/1")).containsExactly("a/b/1", "a/b/10");
        assertThat(keys("")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c/1", "ab/1", "b/1");
        assertThat(store.list("c/")).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatObjectAndIgnoresAMissingOne() throws Exception {
        write("src/orders/b1/data/1", bytes("one"));
        write("src/orders/b1/data/2", bytes("two"));

        store.delete("src/orders/b1/data/1");
        store.delete("src/orders/b1/data/1");
        store.delete("src/orders/never/written");

        assertThat(keys("")).containsExactly("src/orders/b1/data/2");
        assertThatThrownBy(() -> store.open("src/orders/b1/data/1")).isInstanceOf(NoSuchObjectException.class);
        assertThat(read("src/orders/b1/data/2")).isEqualTo(bytes("two"));

        write("src/orders/b1/data/1", bytes("again"));
        assertThat(read("src/orders/b1/data/1")).isEqualTo(bytes("again"));
    }

    @Test
    void anObjectSeveralPartsLongRoundTrips() throws Exception {
        byte[] data = randomBytes(LARGE_OBJECT_SIZE, 42);
        try (StoreOutput out = store.create("src/orders/b1/data/00000-00001.json.zst")) {
            // Odd chunk sizes and single bytes, so that writes straddle part boundaries.
            int off = 0;
            while (off < data.length) {
                int n = Math.min(100_003, data.length - off);
                out.write(data, off, n);
                off += n;
                if (off < data.length) {
                    out.write(data[off++]);
                }
            }
        }

        assertThat(store.list("src/")).containsExactly(new StoredObject("src/orders/b1/data/00000-00001.json.zst", data.length));
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store.open("src/orders/b1/data/00000-00001.json.zst"), read)) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(data.length);
        }
        assertThat(read.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void theProbeOfAUsableStoreLeavesNothingBehindAndTheStoreTakesWritesAfterIt() throws Exception {
        store.probe();
        store.probe();

        // Whatever the probe wrote to check the store is gone: no object, and no unfinished upload either.
        assertThat(store.list("")).isEmpty();
        assertThat(abandonedUploadsLeft(store, "")).isZero();
        write("src/orders/b1/manifest.json", bytes("{}"));
        assertThat(store.list("")).containsExactly(new StoredObject("src/orders/b1/manifest.json", 2));
    }

    @Test
    void probeOfAnUnusableStoreFailsNamingTheStore() throws Exception {
        BackupStore unusable = unusableStore();

        assertThatThrownBy(unusable::probe)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(unusable.name());
    }

    protected final void write(String key, byte[] data) throws IOException {
        try (StoreOutput out = store.create(key)) {
            out.write(data);
        }
    }

    protected final byte[] read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private List<String> keys(String prefix) throws IOException {
        return store.list(prefix).stream().map(StoredObject::key).toList();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] allByteValues() {
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }

    @Test
    void abandonedUploadsAreInvisibleAndRemovable() throws Exception {
        // A writer that dies mid-object: more than one part written, never closed nor aborted.
        dev.rehearsal.core.store.StoreOutput abandoned = store.create("src/t/20260101T000000.000Z-00000000/data/00000-00000.json.zst");
        abandoned.write(new byte[6 * 1024 * 1024 + 1]);
        assertThat(store.list("src/t/")).isEmpty();
        assertThat(abandonedUploadsLeft(store, "src/t/")).as("the unfinished upload exists").isEqualTo(1);

        store.removeAbandonedUploads("src/t/");

        assertThat(store.list("src/t/")).isEmpty();
        assertThat(abandonedUploadsLeft(store, "src/t/")).isZero();
    }

    /** How many unfinished uploads the store still holds under a prefix, counted by the store's own means. */
    protected abstract int abandonedUploadsLeft(BackupStore store, String prefix) throws Exception;
}
