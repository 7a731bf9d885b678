package dev.rehearsal.drill.plan;

import dev.rehearsal.core.TableId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One stage of a plan, resolved: the tables it brings back and how.
 *
 * @param name        what the stage brings back, for people ("dashboards")
 * @param objective   by when it must be back, measured from the plan's start
 * @param concurrency how many of its tables restore at once, at least 1
 * @param tables      its tables, in the order they are started
 */
public record PlanStage(String name, Duration objective, int concurrency, List<TableId> tables) {

    public PlanStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objective, "objective");
        tables = List.copyOf(tables);
        if (concurrency < 1) {
            throw new IllegalArgumentException("stage '" + name + "': concurrency must be at least 1, was " + concurrency);
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("stage '" + name + "' has no tables");
        }
    }
}
