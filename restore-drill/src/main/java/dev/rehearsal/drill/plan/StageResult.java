package dev.rehearsal.drill.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stage as it ran.
 *
 * @param startedAt      when its first table started, or null if the plan was cancelled before it
 * @param finishedAt     when its last table ended, or null
 * @param recoveredAfter from the plan's start to its last table verified; null unless every table verified
 * @param tables         its tables, in the order given
 */
public record StageResult(String name, Duration objective, int concurrency, Instant startedAt, Instant finishedAt,
        Duration recoveredAfter, List<TableRun> tables) {

    public StageResult {
        tables = List.copyOf(tables);
    }

    /** How a stage stands, for reports and status pages. */
    public enum State { PENDING, RUNNING, RECOVERED, FAILED, CANCELLED }

    public State state() {
        if (recoveredAfter != null) {
            return State.RECOVERED;
        }
        if (startedAt == null) {
            return tables.stream().anyMatch(t -> t.outcome() != null) ? State.CANCELLED : State.PENDING;
        }
        if (finishedAt == null) {
            return State.RUNNING;
        }
        boolean cancelled = tables.stream().anyMatch(t -> t.outcome() != null
                && (t.outcome().status() == TableOutcome.Status.CANCELLED || t.outcome().status() == TableOutcome.Status.SKIPPED));
        return cancelled ? State.CANCELLED : State.FAILED;
    }

    /** Whether it was back within its objective; null while that cannot be known. */
    public Boolean objectiveMet() {
        if (recoveredAfter != null) {
            return recoveredAfter.compareTo(objective) <= 0;
        }
        return finishedAt == null ? null : Boolean.FALSE;
    }
}
