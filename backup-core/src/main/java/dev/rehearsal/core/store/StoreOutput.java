package dev.rehearsal.core.store;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream of one object being written. {@link #close()} makes the object durable and visible;
 * {@link #abort()} discards it. Either may be called once; after {@code abort}, {@code close} does nothing.
 */
public abstract class StoreOutput extends OutputStream {

    /** Discards what was written; the key stays absent. Never throws. */
    public abstract void abort();

    /** Makes the object durable and visible under its key. */
    @Override
    public abstract void close() throws IOException;
}
