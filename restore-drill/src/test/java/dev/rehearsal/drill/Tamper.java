package dev.rehearsal.drill;

import dev.rehearsal.core.store.BackupStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/** Damages stored objects through the store's own interface, so the same damage works on every store. */
public final class Tamper {

    private Tamper() {
    }

    public static void rewrite(BackupStore store, String key, UnaryOperator<byte[]> change) throws IOException {
        byte[] bytes;
        try (InputStream in = store.open(key)) {
            bytes = in.readAllBytes();
        }
        store.delete(key);
        try (OutputStream out = store.create(key)) {
            out.write(change.apply(bytes));
        }
    }

    public static byte[] flipByte(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x01;
        return copy;
    }
}
