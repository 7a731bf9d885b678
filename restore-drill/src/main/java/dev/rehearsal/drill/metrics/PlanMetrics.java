package dev.rehearsal.drill.metrics;

import dev.rehearsal.drill.forecast.PlanForecaster;
import dev.rehearsal.drill.plan.PlanResult;
import dev.rehearsal.drill.plan.StageResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every recovery-plan metric, labelled {@code plan} (and {@code stage}): plan drills by outcome, the
 * last one's outcome, each stage's measured recovery time from the plan's start (a histogram over
 * drills, and the last value), its objective, and whether the last drill met it. {@link #register}
 * creates a plan's series at start-up, so that a plan never drilled shows as such (last outcome 0)
 * rather than being absent. Incident runs are not drills and are not counted here.
 */
public final class PlanMetrics {

    public static final String PLAN_DRILL_RUNS = "rehearsal.plan.drill.runs";
    public static final String PLAN_DRILL_LAST_OUTCOME = "rehearsal.plan.drill.last.outcome";
    public static final String PLAN_DRILL_LAST_SUCCESS = "rehearsal.plan.drill.last.success.timestamp";
    public static final String PLAN_RECOVERY = "rehearsal.plan.recovery";
    public static final String PLAN_LAST_RECOVERY = "rehearsal.plan.last.recovery";
    public static final String PLAN_OBJECTIVE = "rehearsal.plan.objective";
    public static final String PLAN_OBJECTIVE_MET = "rehearsal.plan.objective.met";
    public static final String PLAN_FORECAST = "rehearsal.plan.forecast";
    public static final String PLAN_FORECAST_LOW = "rehearsal.plan.forecast.low";
    public static final String PLAN_FORECAST_HIGH = "rehearsal.plan.forecast.high";
    public static final String PLAN_FORECAST_ERROR = "rehearsal.plan.forecast.error.ratio";

    private final MeterRegistry registry;
    private final Map<String, PlanState> plans = new ConcurrentHashMap<>();

    public PlanMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Creates a plan's series: its stages in order, with their objectives from the plan's start.
     *
     * @param objectives stage name to objective, in stage order
     */
    public void register(String plan, Map<String, Duration> objectives) {
        PlanState p = plans.computeIfAbsent(plan, PlanState::new);
        objectives.forEach((stage, objective) -> p.stage(stage).objective = objective.toNanos() / 1e9);
    }

    /** Records a finished plan drill. */
    public void drillFinished(PlanResult r) {
        PlanState p = plans.computeIfAbsent(r.plan(), PlanState::new);
        p.runs.get(r.outcome()).increment();
        p.lastOutcome = r.outcome() == PlanResult.Outcome.VERIFIED ? 1 : 0;
        if (r.outcome() == PlanResult.Outcome.VERIFIED) {
            p.lastSuccess = r.finishedAt().toEpochMilli() / 1000.0;
        }
        for (StageResult s : r.stages()) {
            StageState st = p.stage(s.name());
            st.objective = s.objective().toNanos() / 1e9;
            if (s.recoveredAfter() != null) {
                st.recovery.record(s.recoveredAfter());
                st.lastRecovery = s.recoveredAfter().toNanos() / 1e9;
            } else {
                st.lastRecovery = Double.NaN;
            }
            st.met = Boolean.TRUE.equals(s.objectiveMet()) ? 1 : 0;
        }
    }

    /** The plan's forecast today, per stage from the plan's start; a stage it cannot forecast is NaN. */
    public void forecast(String plan, PlanForecaster.PlanForecast f) {
        PlanState p = plans.computeIfAbsent(plan, PlanState::new);
        for (PlanForecaster.StageForecast s : f.stages()) {
            StageState st = p.stage(s.stage());
            st.forecast = s.known() ? new double[] {s.estimate().seconds(), s.estimate().low(), s.estimate().high()} : null;
        }
        p.forecastError = f.accuracy() != null && f.accuracy().measured() ? f.accuracy().medianAbsoluteError() : Double.NaN;
    }

    private final class PlanState {
        final Tags tags;
        final Map<PlanResult.Outcome, Counter> runs = new ConcurrentHashMap<>();
        final Map<String, StageState> stages = new ConcurrentHashMap<>();
        volatile double lastOutcome;
        volatile double lastSuccess;
        volatile double forecastError = Double.NaN;

        PlanState(String plan) {
            tags = Tags.of("plan", plan);
            for (PlanResult.Outcome o : List.of(PlanResult.Outcome.values())) {
                runs.put(o, Counter.builder(PLAN_DRILL_RUNS).description("Plan drills run, by outcome").tags(tags)
                        .tag("outcome", o.name().toLowerCase()).register(registry));
            }
            Gauge.builder(PLAN_DRILL_LAST_OUTCOME, this, s -> s.lastOutcome)
                    .description("1 if the plan's last drill restored and verified every table, 0 otherwise (or if none ran)")
                    .tags(tags).register(registry);
            Gauge.builder(PLAN_DRILL_LAST_SUCCESS, this, s -> s.lastSuccess).baseUnit("seconds")
                    .description("When the plan's last fully verified drill finished, in Unix seconds; 0 if none")
                    .tags(tags).register(registry);
            Gauge.builder(PLAN_FORECAST_ERROR, this, s -> s.forecastError)
                    .description("Median absolute relative error of the plan's backtested forecasts; NaN with fewer than"
                            + " three checkable plan drills").tags(tags).register(registry);
        }

        StageState stage(String stage) {
            return stages.computeIfAbsent(stage, name -> new StageState(tags.and("stage", name)));
        }
    }

    private final class StageState {
        final Timer recovery;
        volatile double objective = Double.NaN;
        volatile double lastRecovery = Double.NaN;
        volatile double met;
        volatile double[] forecast;

        StageState(Tags tags) {
            recovery = Timer.builder(PLAN_RECOVERY)
                    .description("Measured time from a plan drill's start to the stage's last table verified")
                    .tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(3))
                    .register(registry);
            Gauge.builder(PLAN_LAST_RECOVERY, this, s -> s.lastRecovery).baseUnit("seconds")
                    .description("The stage's recovery time in the last plan drill, from the plan's start; NaN if it did"
                            + " not recover").tags(tags).register(registry);
            Gauge.builder(PLAN_OBJECTIVE, this, s -> s.objective).baseUnit("seconds")
                    .description("The stage's objective, from the plan's start").tags(tags).register(registry);
            Gauge.builder(PLAN_FORECAST, this, s -> s.forecast == null ? Double.NaN : s.forecast[0]).baseUnit("seconds")
                    .description("Forecast time from the plan's start to the stage's last table verified; NaN when a"
                            + " table has no drill history").tags(tags).register(registry);
            Gauge.builder(PLAN_FORECAST_LOW, this, s -> s.forecast == null ? Double.NaN : s.forecast[1]).baseUnit("seconds")
                    .description("Low end (10th percentile) of the stage's forecast").tags(tags).register(registry);
            Gauge.builder(PLAN_FORECAST_HIGH, this, s -> s.forecast == null ? Double.NaN : s.forecast[2]).baseUnit("seconds")
                    .description("High end (90th percentile) of the stage's forecast").tags(tags).register(registry);
            Gauge.builder(PLAN_OBJECTIVE_MET, this, s -> s.met)
                    .description("1 if the stage recovered within its objective in the last plan drill, 0 otherwise")
                    .tags(tags).register(registry);
        }
    }
}
