package dev.rehearsal.drill.sink;

import dev.rehearsal.drill.sandbox.SandboxTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What administers the tables Rehearsal creates: lists sandboxes for the janitor, reads their
 * marks, and deletes only what the sandbox guard, or the ledger of a restore into a new table,
 * confirms Rehearsal created.
 */
public interface SandboxAdmin {

    /** Where the tables are; for messages and reports. */
    dev.rehearsal.core.source.SourceInfo info();

    boolean exists(String table);

    /** Tables whose names start with {@code prefix}, for the janitor. */
    List<TableInfo> list(String prefix);

    /** The table's marks (tags), or empty if the engine keeps none. */
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
}
