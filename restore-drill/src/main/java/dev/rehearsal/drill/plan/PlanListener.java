package dev.rehearsal.drill.plan;

import dev.rehearsal.core.TableId;
import java.time.Instant;

/**
 * Told as a plan run goes, from the runner's threads (a table's events from the thread that ran it):
 * implementations must be thread-safe and quick; one that throws is logged and ignored.
 */
public interface PlanListener {

    PlanListener NONE = new PlanListener() {
    };

    default void stageStarted(PlanStage stage, Instant at) {
    }

    default void tableStarted(TableId table, PlanStage stage, Instant at) {
    }

    default void tableFinished(TableRun run) {
    }

    default void stageFinished(StageResult stage) {
    }
}
