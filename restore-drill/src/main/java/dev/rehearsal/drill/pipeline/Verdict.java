package dev.rehearsal.drill.pipeline;

/** How a verified restore ended. */
public enum Verdict {
    /** Restored, and every check passed. */
    VERIFIED,
    /** Restored, and at least one check failed: the restored data is not the backup's. */
    FAILED_VERIFICATION,
    /** The backup itself is damaged (a missing, truncated or altered object, an edited manifest). */
    DAMAGED,
    /** The restore could not run to a verdict (the target, the store, a refused name). */
    ERROR
}
