package dev.rehearsal.drill.forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * One passing drill of a table, as the forecasts use it.
 *
 * @param at              when the drill finished; orders the history and decides what a backtest may see
 * @param items           the items it restored
 * @param recoverySeconds its measured recovery time, from start to verified
 * @param loadSeconds     the data-load part of it; the rest is taken as the table's fixed cost
 */
public record Sample(Instant at, long items, double recoverySeconds, double loadSeconds) {

    public Sample {
        Objects.requireNonNull(at, "at");
    }

    /** A drill the models can learn from: a positive, finite time and a known size. */
    boolean usable() {
        return items >= 0 && recoverySeconds > 0 && Double.isFinite(recoverySeconds)
                && loadSeconds >= 0 && Double.isFinite(loadSeconds);
    }

    /** Recovery time that does not depend on the item count in the scaled model: creating, indexing, verifying. */
    double fixedSeconds() {
        return Math.max(0, recoverySeconds - Math.min(loadSeconds, recoverySeconds));
    }
}
