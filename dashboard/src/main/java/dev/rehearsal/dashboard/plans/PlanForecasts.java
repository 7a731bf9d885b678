package dev.rehearsal.dashboard.plans;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.drill.forecast.Estimate;
import dev.rehearsal.drill.forecast.Forecast;
import dev.rehearsal.drill.forecast.Forecaster;
import dev.rehearsal.drill.forecast.PlanForecaster;
import dev.rehearsal.drill.forecast.Sample;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanReports;
import dev.rehearsal.drill.plan.PlanStage;
import dev.rehearsal.drill.plan.StageResult;
import dev.rehearsal.drill.plan.TableRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan's forecast from what the catalog knows: each table's passing drills (through the coverage
 * audit, as a table's own forecast) at the size of its newest backup, which is what a run restores,
 * and the plan's own past drills, whose measured stage times the forecaster backtests to give the
 * range (docs/FORECAST.md).
 */
public final class PlanForecasts {

    private static final Logger log = LoggerFactory.getLogger(PlanForecasts.class);
    private static final int PLAN_HISTORY = 20;

    private final CoverageAudit coverage;
    private final Catalog catalog;

    public PlanForecasts(CoverageAudit coverage, Catalog catalog) {
        this.coverage = coverage;
        this.catalog = catalog;
    }

    /**
     * A plan's forecast, and what the live ETA needs of each table.
     *
     * @param plan   the forecaster's answer
     * @param tables each table's own forecast (null where it has no drill) and the fixed cost its drills showed
     */
    public record Result(PlanForecaster.PlanForecast plan, Map<TableId, TableForecast> tables) {

        /** The figures as a report keeps them: per stage name, and the whole plan under {@link PlanReport#WHOLE_PLAN}. */
        public Map<String, PlanReport.Forecast> figures() {
            Map<String, PlanReport.Forecast> out = new LinkedHashMap<>();
            if (plan.known()) {
                out.put(PlanReport.WHOLE_PLAN, figure(plan.estimate(), plan.words()));
            }
            for (PlanForecaster.StageForecast s : plan.stages()) {
                if (s.known()) {
                    out.put(s.stage(), figure(s.estimate(), plan.words()));
                }
            }
            return out;
        }

        /** For the API and pages. */
        public ForecastView view() {
            List<ForecastView.Stage> stages = new ArrayList<>();
            for (PlanForecaster.StageForecast s : plan.stages()) {
                stages.add(new ForecastView.Stage(s.stage(), s.known() ? round(s.estimate().seconds()) : null,
                        s.known() ? round(s.estimate().low()) : null, s.known() ? round(s.estimate().high()) : null,
                        s.withoutHistory()));
            }
            return new ForecastView(plan.known() ? round(plan.estimate().seconds()) : null,
                    plan.known() ? round(plan.estimate().low()) : null, plan.known() ? round(plan.estimate().high()) : null,
                    plan.words(), plan.accuracy() != null && plan.accuracy().measured()
                            ? round(plan.accuracy().medianAbsoluteError()) : null, stages);
        }

        private static PlanReport.Forecast figure(Estimate e, String words) {
            return new PlanReport.Forecast(round(e.seconds()), round(e.low()), round(e.high()), words);
        }
    }

    /** One table's forecast recovery time (null without drills) and the fixed cost (recovery less load) its drills showed. */
    public record TableForecast(Estimate estimate, double fixedSeconds) {
    }

    /**
     * A plan's forecast before it runs, in seconds from its start.
     *
     * @param errorRatio the median absolute relative error of its backtests; null with too few
     */
    public record ForecastView(Double seconds, Double lowSeconds, Double highSeconds, String words, Double errorRatio,
            List<Stage> stages) {

        /** @param withoutHistory the tables whose lack of drills leaves this stage without a forecast */
        public record Stage(String name, Double seconds, Double lowSeconds, Double highSeconds, List<String> withoutHistory) {
        }
    }

    public Result forecast(String plan, List<PlanStage> stages) {
        Map<TableId, TableForecast> tables = new LinkedHashMap<>();
        List<PlanForecaster.StageInput> inputs = new ArrayList<>();
        for (PlanStage stage : stages) {
            List<PlanForecaster.TableInput> in = new ArrayList<>();
            for (TableId t : stage.tables()) {
                CoverageAudit.ForecastInputs f = coverage.forecastInputs(t.source(), t.table());
                // A plan run restores backups, not the live table: the newest backup's size is what it
                // will load (a table still growing, or gone, says less); the table's own size only without one.
                long items = Math.max(0, catalog.newestBackup(t.source(), t.table()).map(b -> b.items()).orElse(f.items()));
                in.add(new PlanForecaster.TableInput(t.toString(), f.history(), items));
                Estimate own = Forecaster.forecast(f.history(), items).map(Forecast::estimate).orElse(null);
                tables.put(t, new TableForecast(own, fixed(f.history())));
            }
            inputs.add(new PlanForecaster.StageInput(stage.name(), stage.concurrency(), in));
        }
        return new Result(PlanForecaster.forecast(inputs, history(plan)), tables);
    }

    /** The plan's past drills as the forecaster's samples: each recovered stage's time, and each table's items then. */
    private List<PlanForecaster.PlanSample> history(String plan) {
        List<PlanForecaster.PlanSample> out = new ArrayList<>();
        for (String json : catalog.planDrillReports(plan, PLAN_HISTORY)) {
            try {
                PlanReport r = PlanReports.fromJson(json);
                Map<String, Double> stageSeconds = new LinkedHashMap<>();
                Map<String, Long> items = new LinkedHashMap<>();
                for (StageResult s : r.result().stages()) {
                    if (s.recoveredAfter() != null) {
                        stageSeconds.put(s.name(), s.recoveredAfter().toMillis() / 1000.0);
                    }
                    for (TableRun t : s.tables()) {
                        items.put(t.table().toString(), t.outcome().items());
                    }
                }
                if (!stageSeconds.isEmpty()) {
                    out.add(new PlanForecaster.PlanSample(r.result().startedAt(), stageSeconds, items));
                }
            } catch (RuntimeException e) {
                log.warn("A report of plan {} could not be read for its forecast: {}", plan, e.toString());
            }
        }
        return out;
    }

    /** The median of recovery less load over a table's drills: creating, indexing and verifying. */
    private static double fixed(List<Sample> history) {
        double[] fixed = history.stream().mapToDouble(s -> Math.max(0, s.recoverySeconds() - s.loadSeconds())).sorted()
                .toArray();
        if (fixed.length == 0) {
            return 0;
        }
        return fixed.length % 2 == 1 ? fixed[fixed.length / 2] : (fixed[fixed.length / 2 - 1] + fixed[fixed.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
