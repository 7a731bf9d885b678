package dev.rehearsal.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A place that holds immutable objects under string keys ({@code a/b/c}, never starting with '/').
 *
 * <p>An object written through {@link #create(String)} becomes visible only when its stream is
 * closed without error, and then holds exactly what was written; until then, and after
 * {@link StoreOutput#abort()}, nothing is visible under the key. An existing key is never
 * overwritten.
 */
public interface BackupStore {

    /** Names the store in messages and manifests, for example {@code file:/var/lib/rehearsal} or {@code s3://bucket/prefix}. */
    String name();

    /** Checks that the store exists and can be written, so that a backup fails before it scans. */
    void probe() throws IOException;

    /** Starts writing a new object; fails with {@link java.nio.file.FileAlreadyExistsException} if the key exists. */
    StoreOutput create(String key) throws IOException;

    /** Opens an object; fails with {@link NoSuchObjectException} if there is none under the key. */
    InputStream open(String key) throws IOException;

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Removes an object if it exists. Only {@link BackupRepository} and clean-up of an uncommitted attempt call this. */
    void delete(String key) throws IOException;

    /**
     * Removes uploads under {@code prefix} that were started and never completed: what a writer
     * killed mid-object leaves (a temporary file, an unfinished multipart upload). Call only when
     * no writer can be active under the prefix.
     */
    void removeAbandonedUploads(String prefix) throws IOException;
}
