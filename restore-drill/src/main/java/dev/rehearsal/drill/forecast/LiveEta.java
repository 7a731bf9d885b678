package dev.rehearsal.drill.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The remaining time of a recovery plan while it runs, recomputed from what has been measured so far.
 * All times are seconds from the plan's start.
 *
 * <p>A finished table counts no more. A running table with a measured rate has {@code items left /
 * rate} of load left, plus whatever of its fixed cost (recovery less load in its drills) it has not
 * spent yet; its range is its forecast's relative range, shrunk by the fraction of items already
 * loaded, so it closes to a point as the load completes. A running table with no rate yet, and a
 * pending one, keep their forecast (less the time already spent). Stages are then scheduled as
 * {@link PlanForecaster} does, with the running tables holding their slots and nothing starting
 * before now.
 */
public final class LiveEta {

    private LiveEta() {
    }

    /** One table of a running plan. */
    public sealed interface TableState permits Done, Running, Pending {
        String id();
    }

    /**
     * @param finishedAtSeconds when it was verified, in seconds from the plan's start
     */
    public record Done(String id, double finishedAtSeconds) implements TableState {
    }

    /**
     * @param itemsDone      items loaded so far
     * @param totalItems     items to load in all
     * @param itemsPerSecond the load rate measured so far; 0 when nothing is measured yet
     * @param elapsedSeconds how long this table has been restoring
     * @param fixedSeconds   the fixed cost its drills showed (recovery less load): creating, indexing, verifying
     * @param forecast       its forecast recovery time before it started; null when it has none
     */
    public record Running(String id, long itemsDone, long totalItems, double itemsPerSecond, double elapsedSeconds,
            double fixedSeconds, Estimate forecast) implements TableState {
    }

    /** @param forecast its forecast recovery time; null when it has none */
    public record Pending(String id, Estimate forecast) implements TableState {
    }

    /**
     * @param name        the stage
     * @param concurrency how many of its tables may restore at once, at least 1
     * @param tables      its tables' live states
     */
    public record StageState(String name, int concurrency, List<TableState> tables) {

        public StageState {
            Objects.requireNonNull(name, "name");
            if (concurrency < 1) {
                throw new IllegalArgumentException("stage '" + name + "': concurrency must be at least 1, got "
                        + concurrency);
            }
            tables = List.copyOf(tables);
        }
    }

    /**
     * @param stage           the stage
     * @param remaining       seconds from now until the stage is verified (0 once it is); null when unknown
     * @param done            every table of it is verified
     * @param withoutForecast the tables, of this stage or an earlier one, whose missing forecast makes it unknown
     */
    public record StageEta(String stage, Estimate remaining, boolean done, List<String> withoutForecast) {

        public StageEta {
            withoutForecast = List.copyOf(withoutForecast);
        }
    }

    /**
     * @param stages    each stage, in plan order
     * @param remaining the whole plan's remaining time: its last stage's; null when unknown
     */
    public record Eta(List<StageEta> stages, Estimate remaining) {

        public Eta {
            stages = List.copyOf(stages);
        }
    }

    /** One table's remaining seconds: most likely, and at each end of its range. */
    private record Left(double likely, double low, double high) {
    }

    /**
     * @param stages         the plan's stages, in order, with their tables' states now
     * @param elapsedSeconds the time since the plan started
     */
    public static Eta eta(List<StageState> stages, double elapsedSeconds) {
        List<StageEta> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        double likelyEnd = 0;
        double lowEnd = 0;
        double highEnd = 0;
        for (StageState stage : stages) {
            List<Left> running = new ArrayList<>();
            List<Left> pending = new ArrayList<>();
            double doneEnd = 0;
            boolean done = true;
            for (TableState t : stage.tables()) {
                if (t instanceof Done d) {
                    doneEnd = Math.max(doneEnd, d.finishedAtSeconds());
                    continue;
                }
                done = false;
                Left left = t instanceof Running r ? remaining(r) : whole(((Pending) t).forecast());
                if (left == null) {
                    unknown.add(t.id());
                } else if (t instanceof Running) {
                    running.add(left);
                } else {
                    pending.add(left);
                }
            }
            if (!unknown.isEmpty()) {
                out.add(new StageEta(stage.name(), null, done, unknown));
                continue;
            }
            // A stage's tables start when the stage ahead is verified, and none before now.
            likelyEnd = Math.max(doneEnd, finish(stage, likelyEnd, elapsedSeconds, running, pending, Left::likely));
            lowEnd = Math.max(doneEnd, finish(stage, lowEnd, elapsedSeconds, running, pending, Left::low));
            highEnd = Math.max(doneEnd, finish(stage, highEnd, elapsedSeconds, running, pending, Left::high));
            double likely = Math.max(0, likelyEnd - elapsedSeconds);
            out.add(new StageEta(stage.name(), new Estimate(likely, Math.min(likely, Math.max(0, lowEnd - elapsedSeconds)),
                    Math.max(likely, highEnd - elapsedSeconds)), done, List.of()));
        }
        return new Eta(out, out.isEmpty() ? new Estimate(0, 0, 0) : out.get(out.size() - 1).remaining());
    }

    /** When the stage's last table will be verified, the stage ahead of it having been verified at {@code previousEnd}. */
    private static double finish(StageState stage, double previousEnd, double now, List<Left> running,
            List<Left> pending, ToDoubleFunction<Left> end) {
        if (running.isEmpty() && pending.isEmpty()) {
            return previousEnd;
        }
        return Slots.finish(Math.max(previousEnd, now), stage.concurrency(), running.stream().map(l -> now + end.applyAsDouble(l)).toList(),
                pending.stream().map(end::applyAsDouble).toList());
    }

    /** A table not started, or started with nothing measured: its forecast as it was. */
    private static Left whole(Estimate forecast) {
        return forecast == null ? null : new Left(forecast.seconds(), forecast.low(), forecast.high());
    }

    static Left remaining(Running r) {
        if (r.itemsDone() <= 0 || r.itemsPerSecond() <= 0) {
            // Nothing measured yet: the forecast, less what has already been spent on it.
            return r.forecast() == null ? null : new Left(Math.max(0, r.forecast().seconds() - r.elapsedSeconds()),
                    Math.max(0, r.forecast().low() - r.elapsedSeconds()), Math.max(0, r.forecast().high() - r.elapsedSeconds()));
        }
        double loadLeft = Math.max(0, r.totalItems() - r.itemsDone()) / r.itemsPerSecond();
        // What of the elapsed time was not loading went to the fixed cost (creating the table, for one).
        double fixedSpent = Math.max(0, r.elapsedSeconds() - r.itemsDone() / r.itemsPerSecond());
        double left = loadLeft + Math.max(0, r.fixedSeconds() - fixedSpent);
        double unmeasured = r.totalItems() <= 0 ? 0 : Math.max(0, 1 - (double) r.itemsDone() / r.totalItems());
        double lowError = Accuracy.DEFAULT_LOW_ERROR;
        double highError = Accuracy.DEFAULT_HIGH_ERROR;
        if (r.forecast() != null && r.forecast().seconds() > 0) {
            lowError = r.forecast().low() / r.forecast().seconds() - 1;
            highError = r.forecast().high() / r.forecast().seconds() - 1;
        }
        return new Left(left, left * (1 + lowError * unmeasured), left * (1 + highError * unmeasured));
    }
}
