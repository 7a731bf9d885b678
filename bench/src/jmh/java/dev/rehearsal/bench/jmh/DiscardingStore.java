package dev.rehearsal.bench.jmh;

import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreOutput;
import dev.rehearsal.core.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A store that keeps nothing, so that a microbenchmark of the backup's per-item path measures the
 * encoding, hashing and compression and no I/O; or, with {@code keepLast}, keeps the last object
 * written, for the restore's benchmark to read.
 */
final class DiscardingStore implements BackupStore {

    private final boolean keepLast;
    private byte[] last;

    DiscardingStore(boolean keepLast) {
        this.keepLast = keepLast;
    }

    byte[] last() {
        return last;
    }

    @Override
    public String name() {
        return "discard:";
    }

    @Override
    public void probe() {
    }

    @Override
    public StoreOutput create(String key) {
        ByteArrayOutputStream kept = keepLast ? new ByteArrayOutputStream() : null;
        return new StoreOutput() {
            @Override
            public void write(int b) {
                if (kept != null) {
                    kept.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (kept != null) {
                    kept.write(b, off, len);
                }
            }

            @Override
            public void abort() {
            }

            @Override
            public void close() {
                if (kept != null) {
                    last = kept.toByteArray();
                }
            }
        };
    }

    @Override
    public InputStream open(String key) throws IOException {
        throw new IOException("a discarding store keeps nothing");
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return List.of();
    }

    @Override
    public void delete(String key) {
    }

    @Override
    public void removeAbandonedUploads(String prefix) {
    }
}
