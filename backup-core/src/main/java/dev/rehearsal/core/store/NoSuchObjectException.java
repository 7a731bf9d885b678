package dev.rehearsal.core.store;

import java.io.IOException;

/** An object that a reader expected is not in the store. */
public class NoSuchObjectException extends IOException {

    public NoSuchObjectException(String store, String key) {
        super("no object '" + key + "' in store " + store);
    }
}
