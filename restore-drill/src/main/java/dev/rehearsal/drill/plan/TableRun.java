package dev.rehearsal.drill.plan;

import dev.rehearsal.core.TableId;
import java.time.Duration;
import java.time.Instant;

/**
 * One table's part in a plan run, timed by the runner.
 *
 * @param startedAt  when its task started, or null if it never did
 * @param finishedAt when its task returned, or null if it never started
 */
public record TableRun(TableId table, String stage, Instant startedAt, Instant finishedAt, TableOutcome outcome) {

    /** From the plan's start to this table's end, or null if it never ran. */
    public Duration finishedAfter(Instant planStart) {
        return finishedAt == null ? null : Duration.between(planStart, finishedAt);
    }
}
