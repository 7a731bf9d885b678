package dev.rehearsal.drill.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Forecasts a recovery plan: stages run strictly one after another, and the tables of a stage are
 * list-scheduled, longest first, onto as many slots as the stage's concurrency allows. Every time
 * is measured from the plan's start, so a stage's forecast is when its last table would be verified.
 *
 * <p>The range of a stage comes from backtesting the plan itself over its past plan drills, when
 * there are at least {@link Accuracy#MIN_BACKTESTS} of them with that stage measured; otherwise from
 * scheduling every table's low end, and every table's high end, the same way. A table without drill
 * history makes its stage, and every stage after it, unknown: the forecast names the tables instead.
 */
public final class PlanForecaster {

    private PlanForecaster() {
    }

    /**
     * @param id      the table, "source/table"
     * @param history its passing drills, in any order
     * @param items   its item count today
     */
    public record TableInput(String id, List<Sample> history, long items) {

        public TableInput {
            Objects.requireNonNull(id, "id");
            history = List.copyOf(history);
        }
    }

    /**
     * @param name        the stage, unique within the plan
     * @param concurrency how many of its tables may restore at once, at least 1
     * @param tables      its tables
     */
    public record StageInput(String name, int concurrency, List<TableInput> tables) {

        public StageInput {
            Objects.requireNonNull(name, "name");
            if (concurrency < 1) {
                throw new IllegalArgumentException("stage '" + name + "': concurrency must be at least 1, got "
                        + concurrency);
            }
            tables = List.copyOf(tables);
        }
    }

    /**
     * One past drill of the whole plan.
     *
     * @param at           when the plan drill started; table drills strictly before it are what its forecast could have used
     * @param stageSeconds per stage, the measured seconds from the plan's start until the stage's last table was verified
     * @param items        per table id, the item count it had then
     */
    public record PlanSample(Instant at, Map<String, Double> stageSeconds, Map<String, Long> items) {

        public PlanSample {
            Objects.requireNonNull(at, "at");
            stageSeconds = Map.copyOf(stageSeconds);
            items = Map.copyOf(items);
        }
    }

    /**
     * @param stage          the stage's name
     * @param estimate       seconds from the plan's start until the stage is verified; null when unknown
     * @param withoutHistory the tables, of this stage or an earlier one, whose lack of drills makes it unknown
     */
    public record StageForecast(String stage, Estimate estimate, List<String> withoutHistory) {

        public StageForecast {
            withoutHistory = List.copyOf(withoutHistory);
        }

        public boolean known() {
            return estimate != null;
        }
    }

    /**
     * @param stages         each stage, in plan order
     * @param estimate       the whole plan: its last stage's; null when unknown
     * @param method         how the most likely value and the range were made, for a person
     * @param accuracy       the plan backtest of the last stage (the default range when it is too short)
     * @param withoutHistory every table that has no usable drill
     */
    public record PlanForecast(List<StageForecast> stages, Estimate estimate, String method, Accuracy accuracy,
            List<String> withoutHistory) {

        public PlanForecast {
            stages = List.copyOf(stages);
            withoutHistory = List.copyOf(withoutHistory);
        }

        public boolean known() {
            return estimate != null;
        }

        /** What the range rests on, in a sentence. */
        public String words() {
            if (!known()) {
                return "unknown: no drill history for " + String.join(", ", withoutHistory);
            }
            if (accuracy.measured()) {
                return accuracy.words("plan drill");
            }
            return "based on " + accuracy.drills() + " plan drill" + (accuracy.drills() == 1 ? "" : "s") + ", "
                    + accuracy.backtests() + " of them checkable (" + Accuracy.MIN_BACKTESTS + " needed), so the"
                    + " range schedules every table's own low and high ends instead";
        }
    }

    /** The plan's forecast today, from each table's drills and item count, and the plan's own past drills. */
    public static PlanForecast forecast(List<StageInput> stages, List<PlanSample> planHistory) {
        List<String> without = new ArrayList<>();
        Map<String, Forecast> tables = new LinkedHashMap<>();
        for (StageInput stage : stages) {
            for (TableInput t : stage.tables()) {
                Optional<Forecast> f = Forecaster.forecast(t.history(), t.items());
                if (f.isPresent()) {
                    tables.put(t.id(), f.get());
                } else {
                    without.add(t.id());
                }
            }
        }
        Map<String, Backtest> backtests = backtest(stages, planHistory);
        List<StageForecast> out = new ArrayList<>();
        List<String> missingSoFar = new ArrayList<>();
        double likelyEnd = 0;
        double lowEnd = 0;
        double highEnd = 0;
        boolean anyStageMeasured = false;
        for (StageInput stage : stages) {
            stage.tables().stream().map(TableInput::id).filter(id -> !tables.containsKey(id)).forEach(missingSoFar::add);
            if (!missingSoFar.isEmpty()) {
                out.add(new StageForecast(stage.name(), null, missingSoFar));
                continue;
            }
            likelyEnd = Slots.finish(likelyEnd, stage.concurrency(), List.of(), durations(stage, tables, Forecast::seconds));
            lowEnd = Slots.finish(lowEnd, stage.concurrency(), List.of(), durations(stage, tables, Forecast::low));
            highEnd = Slots.finish(highEnd, stage.concurrency(), List.of(), durations(stage, tables, Forecast::high));
            Accuracy accuracy = Accuracy.of(planHistory.size(), backtests.getOrDefault(stage.name(), new Backtest(List.of())));
            Estimate estimate = accuracy.measured() ? Estimate.around(likelyEnd, accuracy.lowError(), accuracy.highError())
                    // Longest-first scheduling is not monotone in durations: keep the range around the likely value.
                    : new Estimate(likelyEnd, Math.min(lowEnd, likelyEnd), Math.max(highEnd, likelyEnd));
            anyStageMeasured |= accuracy.measured();
            out.add(new StageForecast(stage.name(), estimate, List.of()));
        }
        String last = stages.isEmpty() ? null : stages.get(stages.size() - 1).name();
        Accuracy accuracy = Accuracy.of(planHistory.size(), backtests.getOrDefault(last, new Backtest(List.of())));
        Estimate plan = out.isEmpty() ? new Estimate(0, 0, 0) : out.get(out.size() - 1).estimate();
        String method = "stages one after another, each stage's tables scheduled longest first onto its concurrency,"
                + " from each table's own forecast; the range "
                + (accuracy.measured() ? "from backtesting the plan over its past plan drills"
                        : anyStageMeasured ? "from backtesting the plan where a stage has enough past plan drills, else"
                                + " from scheduling the tables' low and high ends"
                                : "from scheduling the tables' low and high ends, as there are too few past plan drills");
        return new PlanForecast(out, plan, method, accuracy, without);
    }

    /**
     * Per stage, for each past plan drill (oldest first), the forecast that the table drills strictly
     * before it would have given at its item counts, against the stage time it measured. A table
     * whose count the plan drill did not record is taken at the size of its newest earlier drill.
     */
    public static Map<String, Backtest> backtest(List<StageInput> stages, List<PlanSample> planHistory) {
        Map<String, List<Backtest.Point>> points = new LinkedHashMap<>();
        stages.forEach(s -> points.put(s.name(), new ArrayList<>()));
        List<PlanSample> oldestFirst = planHistory.stream().sorted(Comparator.comparing(PlanSample::at)).toList();
        for (PlanSample drill : oldestFirst) {
            double end = 0;
            for (StageInput stage : stages) {
                List<Double> durations = new ArrayList<>();
                for (TableInput t : stage.tables()) {
                    List<Sample> before = t.history().stream().filter(s -> s.at().isBefore(drill.at())).toList();
                    Long items = drill.items().get(t.id());
                    if (items == null) {
                        items = before.stream().max(Comparator.comparing(Sample::at)).map(Sample::items).orElse(-1L);
                    }
                    OptionalDouble predicted = Forecaster.mostLikely(before, items);
                    if (predicted.isEmpty()) {
                        durations = null;
                        break;
                    }
                    durations.add(predicted.getAsDouble());
                }
                if (durations == null) {
                    break; // this stage, and so every later one, had nothing to forecast from
                }
                end = Slots.finish(end, stage.concurrency(), List.of(), durations);
                Double measured = drill.stageSeconds().get(stage.name());
                if (measured != null && measured > 0 && end > 0) {
                    points.get(stage.name()).add(Backtest.Point.of(drill.at(), end, measured));
                }
            }
        }
        Map<String, Backtest> out = new LinkedHashMap<>();
        points.forEach((stage, p) -> out.put(stage, new Backtest(p)));
        return out;
    }

    private static List<Double> durations(StageInput stage, Map<String, Forecast> tables,
            ToDoubleFunction<Forecast> end) {
        return stage.tables().stream().map(t -> end.applyAsDouble(tables.get(t.id()))).toList();
    }
}
