package dev.rehearsal.drill.sink;

import dev.rehearsal.core.source.SourceInfo;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a restore loads through: it creates a new table from a manifest's schema, writes backup
 * lines into it from several threads at once, and finishes it. It never overwrites: {@link #create}
 * refuses a table that exists.
 */
public interface TableLoader {

    /** Where this sink writes; for messages and reports. */
    SourceInfo info();

    /**
     * Whether this sink restores backups of this source kind and format version (FORMAT.md: a reader
     * refuses a kind or version it does not know). By default, its own engine's kind, version 1.
     */
    default boolean restores(String sourceKind, int formatVersion) {
        return info().kind().equals(sourceKind) && formatVersion == dev.rehearsal.core.format.Manifest.VERSION;
    }

    boolean exists(String table);

    /**
     * Creates {@code table} from a manifest's schema and returns once it can take writes.
     *
     * @param marks      marks set at creation, proving who created it where the engine keeps such
     *                   marks (tags); empty for none
     * @param shortLived the table lives for a drill or an inspection only: size it for that (where
     *                   the engine has capacity settings) rather than as the schema records
     * @throws TargetExistsException if the table exists
     */
    void create(String table, JsonNode schema, Map<String, String> marks, boolean shortLived) throws InterruptedException;

    /**
     * Writes up to {@link #maxBatch()} backup lines; returns when all are written, and durably so
     * at the latest once {@link #finish} returns (an engine may let the batches of a load that has
     * not finished reach the disk later, as long as finish waits for them all).
     */
    void write(String table, List<byte[]> lines) throws InterruptedException;

    /** How many lines one {@link #write} call takes at most. */
    int maxBatch();

    /**
     * How many {@link #write} calls this sink serves at once; a restore runs no more writer threads
     * than this, since any beyond it would only wait, each holding a batch in memory. Unbounded by
     * default.
     */
    default int concurrentWrites() {
        return Integer.MAX_VALUE;
    }

    /**
     * Finishes a loaded table: builds what is built after the load (indexes, constraints), applies
     * the settings the schema records, and returns once the table is ready.
     *
     * @return warnings for settings that could not be applied on this endpoint
     */
    List<String> finish(String table, JsonNode schema) throws InterruptedException;

    /**
     * Makes this process ready to {@link #write} into a table that {@link #create} made in another
     * process, for a worker loading part of the same restore. The table must exist. Engines that
     * keep nothing per table between create and write need not do anything.
     */
    default void attach(String table, JsonNode schema) {
        if (!exists(table)) {
            throw new IllegalStateException("table '" + table + "' does not exist at " + info().endpoint()
                    + "; a worker writes only into a table its restore created");
        }
    }

    /** Forgets what {@link #attach} kept, once this process's part of the load is written. */
    default void detach(String table) {
    }

    /**
     * Whether writing the same lines again leaves the table as writing them once (a put by key):
     * then a part of a load whose worker died can be written again by another. False by default.
     */
    default boolean rewritesIdempotently() {
        return false;
    }
}
