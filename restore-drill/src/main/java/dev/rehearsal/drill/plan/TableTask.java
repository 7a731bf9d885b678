package dev.rehearsal.drill.plan;

import dev.rehearsal.core.TableId;

/**
 * What a plan does with one of its tables: a drill, or a verified restore. It returns what happened
 * rather than throwing; a cancel ends it with a {@link TableOutcome.Status#CANCELLED} outcome (or an
 * {@link InterruptedException}) once it has dealt with what it created.
 */
public interface TableTask {

    TableOutcome run(TableId table, PlanStage stage) throws InterruptedException;

    /**
     * Asks the run of {@code table}, under way in {@code runner}, to stop. By default the thread is
     * interrupted; a task whose work must not be interrupted at any moment (a job writing its own
     * records) cancels it its own way.
     */
    default void cancel(TableId table, Thread runner) {
        runner.interrupt();
    }
}
