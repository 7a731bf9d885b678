package dev.rehearsal.drill.drill;

/** How a drill ended. */
public enum Outcome {
    /** The backup restored and every check passed. */
    PASSED,
    /** The backup is damaged, or the restored table does not match it: the backup cannot be trusted. */
    FAILED,
    /** The drill could not run to a verdict (no backup, sandbox unreachable, ...): nothing is known about the backup. */
    ERROR
}
