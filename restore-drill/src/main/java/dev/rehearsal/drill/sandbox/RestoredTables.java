package dev.rehearsal.drill.sandbox;

import java.util.Map;
import java.util.Optional;

/**
 * Ownership of tables that a restore into a new table (outside the sandbox) created. Before such a
 * table is created, the restore records it in the ledger under its restore id and, where the engine
 * has tags, creates it with the {@value #RESTORE_TAG} tag. Only a table carrying both marks of the
 * same restore may be deleted, and only when that restore failed or was cancelled: a table that
 * existed before, or that another restore made, never can.
 */
public final class RestoredTables {

    public static final String RESTORE_TAG = "rehearsal:restore-id";
    /** Set on a table a failed restore had to leave behind, so that nobody takes it for a restored one. */
    public static final String PARTIAL_TAG = "rehearsal:partial";

    private RestoredTables() {
    }

    /**
     * Confirms that {@code restoreId} created {@code table}: the ledger says so and, where the engine
     * reports tags, so does the table's {@value #RESTORE_TAG} tag.
     *
     * @throws SandboxViolationException naming the table otherwise
     */
    public static void authorizeDrop(String table, String restoreId, Optional<Map<String, String>> tags,
            SandboxLedger ledger) {
        Optional<String> recorded = ledger.owner(table);
        if (recorded.isEmpty() || !recorded.get().equals(restoreId)) {
            throw new SandboxViolationException("refusing to delete table '" + table + "': the ledger does not record it"
                    + " as created by restore " + restoreId + recorded.map(o -> " (it records " + o + ")").orElse(""));
        }
        if (tags.isPresent() && !restoreId.equals(tags.get().get(RESTORE_TAG))) {
            throw new SandboxViolationException("refusing to delete table '" + table + "': its " + RESTORE_TAG
                    + " tag is " + Optional.ofNullable(tags.get().get(RESTORE_TAG)).map(t -> "'" + t + "'").orElse("missing")
                    + ", not restore " + restoreId);
        }
    }
}
