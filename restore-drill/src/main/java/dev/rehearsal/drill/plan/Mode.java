package dev.rehearsal.drill.plan;

/** Whether a plan run rehearses (into the sandbox, everything deleted after) or recovers for real. */
public enum Mode {
    DRILL,
    INCIDENT
}
