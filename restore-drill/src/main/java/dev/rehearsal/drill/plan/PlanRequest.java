package dev.rehearsal.drill.plan;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * One plan run, resolved up front.
 *
 * @param runId    the run's id, for logs and reports
 * @param plan     the plan's configured name
 * @param mode     a drill or a real recovery
 * @param stages   in the order they run; none empty
 * @param task     what is done with each table
 * @param listener told as tables and stages start and end
 * @param clock    for every time the run records
 */
public record PlanRequest(String runId, String plan, Mode mode, List<PlanStage> stages, TableTask task,
        PlanListener listener, Clock clock) {

    public PlanRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(task, "task");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("plan '" + plan + "' has no stages");
        }
        listener = listener == null ? PlanListener.NONE : listener;
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
