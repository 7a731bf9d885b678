package dev.rehearsal.drill.metrics;

import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.Checks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every drill metric, named by Prometheus conventions (base units, {@code _total} counters), with
 * the labels {@code source} and {@code table}, plus {@code outcome}, {@code phase} or {@code check}
 * where named. {@link #register} creates a table's series at start-up, so that a table that was
 * never drilled shows as such (last outcome 0, RTO not met) instead of being absent.
 *
 * <p>{@code rehearsal_backup_age_seconds} is NaN until a backup of the table is known: zero would
 * claim a fresh backup that does not exist.
 */
public final class DrillMetrics {

    public static final String DRILL_RUNS = "rehearsal.drill.runs";
    public static final String DRILL_LAST_OUTCOME = "rehearsal.drill.last.outcome";
    public static final String DRILL_LAST_SUCCESS = "rehearsal.drill.last.success.timestamp";
    public static final String RESTORE_DURATION = "rehearsal.restore.duration";
    public static final String PHASE_DURATION = "rehearsal.drill.phase.duration";
    public static final String CHECK_PASSED = "rehearsal.drill.check.passed";
    public static final String RTO_OBJECTIVE = "rehearsal.rto.objective";
    public static final String RTO_MET = "rehearsal.rto.met";
    public static final String BACKUP_AGE = "rehearsal.backup.age";
    public static final String RESTORE_ITEMS_PER_SECOND = "rehearsal.restore.items.per.second";

    private static final List<String> CHECKS = List.of(Checks.ITEM_COUNT, Checks.CONTENT_DIGEST, Checks.SCHEMA,
            Checks.SPOT_CHECK, Checks.CANARY);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, TableState> tables = new ConcurrentHashMap<>();

    public DrillMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Creates every series of a configured table, at zero. */
    public void register(String source, String table, Duration rtoObjective) {
        TableState s = state(source, table);
        s.rtoObjective = rtoObjective == null ? Double.NaN : rtoObjective.toNanos() / 1e9;
    }

    /** Records a finished drill. */
    public void drillFinished(DrillResult r) {
        TableState s = state(r.source(), r.table());
        for (Phase p : Phase.values()) {
            Duration took = r.phases().get(p);
            s.phaseSeconds.get(p).set(took == null ? 0.0 : took.toNanos() / 1e9);
        }
        // A check that did not run in this drill (an error before verification, no canary) did not pass in it.
        s.checkPassed.values().forEach(v -> v.set(0.0));
        for (CheckResult c : r.checks()) {
            s.checkPassed.computeIfAbsent(c.check(), name -> s.checkGauge(name)).set(c.passed() ? 1.0 : 0.0);
        }
        if (r.recoveryTime() != null) {
            s.restoreDuration.record(r.recoveryTime());
            s.lastRecoverySeconds = r.recoveryTime().toNanos() / 1e9;
            s.itemsPerSecond = r.itemsPerSecond();
        }
        if (r.outcome() != Outcome.PASSED) {
            s.lastRecoverySeconds = Double.NaN;
        }
        if (r.backupId() != null && r.backupAge() != null) {
            Instant backupTime = r.startedAt().minus(r.backupAge());
            newestBackup(r.source(), r.table(), backupTime);
        }
        // The outcome last: a scrape that sees it also sees the drill's duration, phases and checks.
        if (r.outcome() == Outcome.PASSED) {
            s.lastSuccess = r.finishedAt().toEpochMilli() / 1000.0;
        }
        s.lastOutcome = r.outcome() == Outcome.PASSED ? 1 : 0;
        s.runs.get(r.outcome()).increment();
    }

    /** The newest committed backup of a table was taken at {@code time}. Older times are ignored. */
    public void newestBackup(String source, String table, Instant time) {
        TableState s = state(source, table);
        s.newestBackup.accumulateAndGet(time, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    private TableState state(String source, String table) {
        return tables.computeIfAbsent(source + "\u0000" + table, k -> new TableState(Tags.of("source", source, "table", table)));
    }

    private final class TableState {
        final Tags tags;
        final Map<Outcome, Counter> runs = new ConcurrentHashMap<>();
        final Map<Phase, AtomicReference<Double>> phaseSeconds = new ConcurrentHashMap<>();
        final Map<String, AtomicReference<Double>> checkPassed = new ConcurrentHashMap<>();
        final Timer restoreDuration;
        final AtomicReference<Instant> newestBackup = new AtomicReference<>();
        volatile double lastOutcome;
        volatile double lastSuccess;
        volatile double rtoObjective = Double.NaN;
        volatile double lastRecoverySeconds = Double.NaN;
        volatile double itemsPerSecond;

        TableState(Tags tags) {
            this.tags = tags;
            for (Outcome o : Outcome.values()) {
                runs.put(o, Counter.builder(DRILL_RUNS).description("Drills run, by outcome")
                        .tags(tags).tag("outcome", o.name().toLowerCase()).register(registry));
            }
            Gauge.builder(DRILL_LAST_OUTCOME, this, t -> t.lastOutcome)
                    .description("1 if the last drill passed, 0 otherwise (or if none ran)").tags(tags).register(registry);
            Gauge.builder(DRILL_LAST_SUCCESS, this, t -> t.lastSuccess).baseUnit("seconds")
                    .description("When the last passing drill finished, in Unix seconds; 0 if none").tags(tags).register(registry);
            restoreDuration = Timer.builder(RESTORE_DURATION)
                    .description("Measured recovery time of drills: time to a verified, ready table")
                    .tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(24))
                    .register(registry);
            for (Phase p : Phase.values()) {
                AtomicReference<Double> v = new AtomicReference<>(0.0);
                phaseSeconds.put(p, v);
                Gauge.builder(PHASE_DURATION, v, AtomicReference::get).baseUnit("seconds")
                        .description("Duration of each phase of the last drill").tags(tags).tag("phase", p.label())
                        .register(registry);
            }
            for (String check : CHECKS) {
                checkPassed.put(check, checkGauge(check));
            }
            Gauge.builder(RTO_OBJECTIVE, this, t -> t.rtoObjective).baseUnit("seconds")
                    .description("The recovery time objective configured for the table").tags(tags).register(registry);
            Gauge.builder(RTO_MET, this, t -> t.rtoMet())
                    .description("1 if the last drill passed within the RTO objective, 0 otherwise").tags(tags).register(registry);
            Gauge.builder(BACKUP_AGE, this, t -> t.backupAge()).baseUnit("seconds")
                    .description("Age of the newest known committed backup; NaN until one is known").tags(tags).register(registry);
            Gauge.builder(RESTORE_ITEMS_PER_SECOND, this, t -> t.itemsPerSecond)
                    .description("Restore throughput of the last drill's data load").tags(tags).register(registry);
        }

        AtomicReference<Double> checkGauge(String check) {
            AtomicReference<Double> v = new AtomicReference<>(0.0);
            Gauge.builder(CHECK_PASSED, v, AtomicReference::get)
                    .description("1 if the check passed in the last drill, 0 otherwise").tags(tags).tag("check", check)
                    .register(registry);
            return v;
        }

        double rtoMet() {
            return lastOutcome == 1 && !Double.isNaN(rtoObjective) && lastRecoverySeconds <= rtoObjective ? 1 : 0;
        }

        double backupAge() {
            Instant t = newestBackup.get();
            return t == null ? Double.NaN : Math.max(0, clock.millis() - t.toEpochMilli()) / 1000.0;
        }
    }
}
