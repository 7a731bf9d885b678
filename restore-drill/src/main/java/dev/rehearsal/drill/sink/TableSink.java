package dev.rehearsal.drill.sink;

import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.drill.sandbox.SandboxTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A database that backups are restored into. Implementations are thread-safe; {@link #write} is
 * called from several threads at once.
 *
 * <p>A sink never overwrites: {@link #create} refuses a table that exists. It deletes only through
 * {@link #drop}, which takes a {@link SandboxTable} and has the sandbox guard confirm ownership.
 */
public interface TableSink extends AutoCloseable {

    /** Where this sink writes; for messages and reports. */
    SourceInfo info();

    /**
     * Whether this sink restores backups of this source kind and format version (FORMAT.md: a reader
     * refuses a kind or version it does not know). By default, its own engine's kind, version 1.
     */
    default boolean restores(String sourceKind, int formatVersion) {
        return info().kind().equals(sourceKind) && formatVersion == dev.rehearsal.core.format.Manifest.VERSION;
    }

    /** The engine's codec for the lines of data objects. */
    ItemCodec codec(JsonNode schema);

    boolean exists(String table);

    /**
     * Creates {@code table} from a manifest's schema and returns once it can take writes.
     *
     * @param tags     tags to set at creation (the drill id for a sandbox)
     * @param onDemand on-demand billing instead of the schema's provisioned capacity
     * @throws TargetExistsException if the table exists
     */
    void create(String table, JsonNode schema, Map<String, String> tags, boolean onDemand) throws InterruptedException;

    /** Writes up to {@link #maxBatch()} backup lines; returns when all are durably written. */
    void write(String table, List<byte[]> lines) throws InterruptedException;

    /** How many lines one {@link #write} call takes at most. */
    int maxBatch();

    /**
     * Finishes a loaded table: applies time-to-live and tags and waits until every index is ready.
     *
     * @return warnings for settings that could not be applied (for example tags on an endpoint without tagging)
     */
    List<String> finish(String table, JsonNode schema) throws InterruptedException;

    /**
     * How a restored table's schema differs from a manifest's: keys, attribute definitions, indexes
     * with their keys and projections, and time-to-live. Empty when they match.
     */
    List<String> schemaDifferences(JsonNode backupSchema, String table);

    /** Reads restored tables back, for verification. */
    TableSource reader();

    /** The target's item with the same key as a backup line, as a line, if there is one. */
    Optional<byte[]> fetch(String table, JsonNode schema, byte[] line);

    /** Tables whose names start with {@code prefix}, for the janitor. */
    List<TableInfo> list(String prefix);

    /** The table's tags, or empty if the engine cannot report tags. */
    Optional<Map<String, String>> tags(String table);

    /** Deletes a sandbox table once the guard has confirmed that the drill named in it created it. */
    void drop(SandboxTable table) throws InterruptedException;

    /**
     * Deletes a table outside the sandbox that restore {@code restoreId} created and that must not
     * stay (the restore failed or was cancelled), once {@link dev.rehearsal.drill.sandbox.RestoredTables}
     * has confirmed that this restore created it. Engines that cannot restore into a new table refuse.
     */
    default void dropCreatedBy(String table, String restoreId) throws InterruptedException {
        throw new UnsupportedOperationException("this engine does not restore into new tables, so it deletes none");
    }

    /**
     * Marks a table a failed restore leaves behind as partial (a tag or a comment), so that it cannot
     * be taken for a restored one. Returns false where the engine cannot mark it.
     */
    default boolean markPartial(String table, String restoreId) {
        return false;
    }

    @Override
    void close();
}
