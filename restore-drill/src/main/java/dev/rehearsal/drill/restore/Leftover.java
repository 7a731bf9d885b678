package dev.rehearsal.drill.restore;

import dev.rehearsal.drill.sandbox.SandboxViolationException;
import dev.rehearsal.drill.sink.SandboxAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of the new table of a restore that failed or was cancelled: none was created, it was
 * deleted, or it is left behind as a partial table (kept as asked, or because it could not be
 * deleted), marked as partial where the engine can mark it.
 *
 * @param partialTable the table left behind, or null
 * @param words        what happened, for the restore's record
 */
public record Leftover(String partialTable, String words) {

    private static final Logger log = LoggerFactory.getLogger(Leftover.class);

    /**
     * Removes the new table {@code restoreId} created in {@code sink}, unless {@code keep}; a table
     * that cannot be removed is marked as partial and reported as left. Never touches a table the
     * restore did not create (see {@link dev.rehearsal.drill.sandbox.RestoredTables}).
     */
    public static Leftover cleanUp(SandboxAdmin sink, String table, String restoreId, boolean keep) {
        Thread.interrupted(); // a cancel has been seen; the clean-up must not be cut short by it
        try {
            if (!sink.exists(table)) {
                return new Leftover(null, "no table was created");
            }
            if (keep) {
                return left(sink, table, restoreId, "kept as the request asked");
            }
            sink.dropCreatedBy(table, restoreId);
            log.info("Deleted table '{}', which failed restore {} had created", table, restoreId);
            return new Leftover(null, "table '" + table + "' that this restore created was deleted");
        } catch (SandboxViolationException notOurs) {
            // Not this restore's table: neither deleted nor marked, whatever state it is in.
            log.warn("Left table '{}' untouched after restore {}: {}", table, restoreId, notOurs.getMessage());
            return new Leftover(null, "table '" + table + "' is not one this restore created and was left untouched");
        } catch (InterruptedException | RuntimeException e) {
            log.warn("Could not delete table '{}' of failed restore {}: {}", table, restoreId, e.toString());
            return left(sink, table, restoreId, "it could not be deleted: " + e.getMessage());
        }
    }

    private static Leftover left(SandboxAdmin sink, String table, String restoreId, String why) {
        boolean marked;
        try {
            marked = sink.markPartial(table, restoreId);
        } catch (RuntimeException e) {
            marked = false;
        }
        return new Leftover(table, "partial table left: " + table + " (" + why + "; "
                + (marked ? "tagged rehearsal:partial" : "it could not be marked as partial") + ")");
    }
}
