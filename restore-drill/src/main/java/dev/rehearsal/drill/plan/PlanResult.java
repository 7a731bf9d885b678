package dev.rehearsal.drill.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a plan run did: every stage and table with its times.
 *
 * @param outcome VERIFIED when every table of every stage verified, CANCELLED when it was stopped,
 *                FAILED otherwise
 */
public record PlanResult(String runId, String plan, Mode mode, Instant startedAt, Instant finishedAt, Outcome outcome,
        List<StageResult> stages) {

    public enum Outcome { VERIFIED, FAILED, CANCELLED }

    public PlanResult {
        stages = List.copyOf(stages);
    }

    /** From the plan's start to its last stage recovered; null unless every stage recovered. */
    public Duration recoveryTime() {
        return outcome == Outcome.VERIFIED && !stages.isEmpty() ? stages.get(stages.size() - 1).recoveredAfter() : null;
    }
}
