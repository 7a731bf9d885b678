package dev.rehearsal.core.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.BackupStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBackupStoreTest extends BackupStoreContract {

    @TempDir
    Path dir;

    @Override
    protected BackupStore newStore() {
        return new FileSystemBackupStore(dir.resolve("store"));
    }

    /** Under a regular file: tests may run as root, who may write into any directory whatever its mode. */
    @Override
    protected BackupStore unusableStore() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        return new FileSystemBackupStore(file.resolve("store"));
    }

    @Override
    protected int abandonedUploadsLeft(BackupStore store, String prefix) throws IOException {
        Path root = ((FileSystemBackupStore) store).root();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (var files = Files.walk(root)) {
            return (int) files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void probeOfARootUnderAFileSaysItIsNotAWritableDirectory() throws Exception {
        BackupStore unusable = unusableStore();

        assertThatThrownBy(unusable::probe)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("store " + unusable.name() + " is not a writable directory: ");
        assertThat(dir.resolve("a-file")).as("the file in the way is left as it was").hasContent("not a directory");
    }

    @Test
    void probeOfARootNotYetMadeCreatesItEmpty() throws Exception {
        Path root = ((FileSystemBackupStore) store).root();
        assertThat(root).doesNotExist();

        store.probe();

        assertThat(root).isDirectory().isEmptyDirectory();
    }

    /** Segments read in parallel write beside one another while one of them lists the folder. */
    @Test
    void listingWhileOtherObjectsAreWrittenBesideItNeverFails() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try (var out = store.create("b/data/00001-" + String.format("%05d", i % 50) + ".json")) {
                    out.write(new byte[128]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        writer.start();
        try {
            while (store.list("b/data/00001-").size() < 50) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 2_000; i++) {
                assertThat(store.list("b/data/00000-")).isEmpty();
                assertThat(store.list("b/data/00001-")).hasSize(50);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(store.list("b/data/00001-")).hasSize(50);
    }
}
