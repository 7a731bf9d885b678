package dev.rehearsal.dashboard.metrics;

import dev.rehearsal.dashboard.coverage.TableStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.function.Function;

/**
 * The coverage audit's metrics, labelled {@code source} and {@code table}, one series per table
 * and replaced as a whole at each audit (a dropped table's series goes away):
 * <ul>
 *   <li>{@code rehearsal_table_covered}: 1 if a policy covers the table, 0 if nothing covers it and
 *       it is not excluded (excluded tables are in {@code rehearsal_table_excluded} instead);
 *   <li>{@code rehearsal_table_drilled_recently}: 1 if a passing drill finished within the policy's window;
 *   <li>{@code rehearsal_table_deletion_protection_enabled}, {@code rehearsal_table_pitr_enabled}:
 *       the source table's own protection, where the engine reports it;
 *   <li>{@code rehearsal_rto_forecast_seconds}: the predicted recovery time today, the most likely value;
 *   <li>{@code rehearsal_rto_forecast_low_seconds}, {@code rehearsal_rto_forecast_high_seconds}: the ends of
 *       its range (about the 10th and 90th percentiles, from the forecast's backtest);
 *   <li>{@code rehearsal_rto_forecast_error_ratio}: the median absolute relative error of that backtest
 *       (0.1 = past forecasts were typically 10% off); no series with fewer than three backtests.
 * </ul>
 */
public final class CoverageMetrics {

    public static final String COVERED = "rehearsal.table.covered";
    public static final String EXCLUDED = "rehearsal.table.excluded";
    public static final String DRILLED_RECENTLY = "rehearsal.table.drilled.recently";
    public static final String DELETION_PROTECTION = "rehearsal.table.deletion.protection.enabled";
    public static final String PITR = "rehearsal.table.pitr.enabled";
    public static final String RTO_FORECAST = "rehearsal.rto.forecast";
    public static final String RTO_FORECAST_LOW = "rehearsal.rto.forecast.low";
    public static final String RTO_FORECAST_HIGH = "rehearsal.rto.forecast.high";
    public static final String RTO_FORECAST_ERROR = "rehearsal.rto.forecast.error.ratio";

    private final Series covered;
    private final Series excluded;
    private final Series drilledRecently;
    private final Series deletionProtection;
    private final Series pitr;
    private final Series forecast;
    private final Series forecastLow;
    private final Series forecastHigh;
    private final Series forecastError;

    public CoverageMetrics(MeterRegistry registry) {
        covered = new Series(MultiGauge.builder(COVERED).description("1 if a policy covers the table; 0 if nothing covers"
                + " it and it is not excluded").register(registry));
        excluded = new Series(MultiGauge.builder(EXCLUDED).description("1 for a table explicitly excluded from protection")
                .register(registry));
        drilledRecently = new Series(MultiGauge.builder(DRILLED_RECENTLY).description("1 if a passing drill finished"
                + " within the policy's drill window").register(registry));
        deletionProtection = new Series(MultiGauge.builder(DELETION_PROTECTION).description("1 if the source table has"
                + " deletion protection on").register(registry));
        pitr = new Series(MultiGauge.builder(PITR).description("1 if the source table has point-in-time recovery on")
                .register(registry));
        forecast = new Series(MultiGauge.builder(RTO_FORECAST).baseUnit("seconds").description("Predicted time to restore"
                + " the table today, from its drill history and current size").register(registry));
        forecastLow = new Series(MultiGauge.builder(RTO_FORECAST_LOW).baseUnit("seconds").description("Low end of the"
                + " forecast restore time's range (about the 10th percentile)").register(registry));
        forecastHigh = new Series(MultiGauge.builder(RTO_FORECAST_HIGH).baseUnit("seconds").description("High end of"
                + " the forecast restore time's range (about the 90th percentile)").register(registry));
        forecastError = new Series(MultiGauge.builder(RTO_FORECAST_ERROR).description("Median absolute relative error"
                + " of the forecast's backtest over the table's past drills (0.1 = 10%)").register(registry));
    }

    public synchronized void update(List<TableStatus> tables) {
        covered.update(tables, t -> t.coverage() == TableStatus.Coverage.EXCLUDED ? null
                : t.coverage() == TableStatus.Coverage.COVERED ? 1 : 0);
        excluded.update(tables, t -> t.coverage() == TableStatus.Coverage.EXCLUDED ? 1 : null);
        drilledRecently.update(tables, t -> t.drilledRecently() == null ? null : t.drilledRecently() ? 1 : 0);
        deletionProtection.update(tables, t -> t.deletionProtection() == null ? null : t.deletionProtection() ? 1 : 0);
        pitr.update(tables, t -> t.pointInTimeRecovery() == null ? null : t.pointInTimeRecovery() ? 1 : 0);
        forecast.update(tables, TableStatus::forecastSeconds);
        forecastLow.update(tables, TableStatus::forecastLowSeconds);
        forecastHigh.update(tables, TableStatus::forecastHighSeconds);
        forecastError.update(tables, TableStatus::forecastErrorRatio);
    }

    /**
     * One metric's series. Each table keeps its holder from one update to the next and the gauge
     * reads the holder, so an update changes values in place: a scrape never sees a series
     * missing while it is replaced. Only a table whose value became unknown, or that is gone, loses its series.
     */
    private static final class Series {
        private final MultiGauge gauge;
        private final Map<Tags, AtomicReference<Number>> holders = new HashMap<>();

        Series(MultiGauge gauge) {
            this.gauge = gauge;
        }

        synchronized void update(List<TableStatus> tables, Function<TableStatus, Number> value) {
            Map<Tags, AtomicReference<Number>> next = new HashMap<>();
            for (TableStatus t : tables) {
                Number v = value.apply(t);
                if (v != null) {
                    Tags tags = Tags.of("source", t.source(), "table", t.table());
                    AtomicReference<Number> holder = holders.getOrDefault(tags, new AtomicReference<>());
                    holder.set(v);
                    next.put(tags, holder);
                }
            }
            holders.clear();
            holders.putAll(next);
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            next.forEach((tags, holder) -> rows.add(MultiGauge.Row.of(tags, holder, h -> h.get().doubleValue())));
            gauge.register(rows, false);
        }
    }
}
