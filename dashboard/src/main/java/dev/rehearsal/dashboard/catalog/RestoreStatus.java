package dev.rehearsal.dashboard.catalog;

/** Where a restore stands; the catalog stores the name. */
public enum RestoreStatus {
    /** Under way, in this replica or another. */
    RUNNING,
    /** Restored and verified. */
    SUCCEEDED,
    /** Not restored, or restored but not verified; the record says why and what became of the target. */
    FAILED,
    /** Stopped by an operator; the record says what became of the target. */
    CANCELLED;

    public boolean running() {
        return this == RUNNING;
    }
}
