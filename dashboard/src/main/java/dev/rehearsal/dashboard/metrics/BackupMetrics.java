package dev.rehearsal.dashboard.metrics;

import dev.rehearsal.core.backup.BackupResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every backup metric, labelled {@code source} and {@code table}: runs by outcome, the last
 * success's time, duration histogram, size and item count of the last backup, and the RPO
 * objective. Series of configured tables exist from start-up.
 */
public final class BackupMetrics {

    public static final String RUNS = "rehearsal.backup.runs";
    public static final String LAST_SUCCESS = "rehearsal.backup.last.success.timestamp";
    public static final String DURATION = "rehearsal.backup.duration";
    public static final String SIZE = "rehearsal.backup.size";
    public static final String ITEMS = "rehearsal.backup.items";
    public static final String RPO_OBJECTIVE = "rehearsal.rpo.objective";

    private final MeterRegistry registry;
    private final Map<String, State> tables = new ConcurrentHashMap<>();

    public BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void register(String source, String table, Duration rpo) {
        state(source, table).rpoSeconds = rpo == null ? Double.NaN : rpo.toNanos() / 1e9;
    }

    public void succeeded(BackupResult r) {
        State s = state(r.ref().source(), r.ref().table());
        s.success.increment();
        s.duration.record(r.duration());
        s.lastSuccess = r.manifest().finishedAt().toEpochMilli() / 1000.0;
        s.sizeBytes = r.manifest().totals().bytes();
        s.items = r.manifest().totals().items();
    }

    public void failed(String source, String table) {
        state(source, table).failure.increment();
    }

    private State state(String source, String table) {
        return tables.computeIfAbsent(source + "\u0000" + table, k -> new State(Tags.of("source", source, "table", table)));
    }

    private final class State {
        final Counter success;
        final Counter failure;
        final Timer duration;
        volatile double lastSuccess;
        volatile double sizeBytes;
        volatile double items;
        volatile double rpoSeconds = Double.NaN;

        State(Tags tags) {
            success = Counter.builder(RUNS).tags(tags).tag("outcome", "success").description("Backups run, by outcome")
                    .register(registry);
            failure = Counter.builder(RUNS).tags(tags).tag("outcome", "failure").description("Backups run, by outcome")
                    .register(registry);
            duration = Timer.builder(DURATION).tags(tags).description("Time from start to commit of a backup")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofHours(24)).register(registry);
            Gauge.builder(LAST_SUCCESS, this, s -> s.lastSuccess).baseUnit("seconds").tags(tags)
                    .description("When the last successful backup committed, in Unix seconds; 0 if none").register(registry);
            Gauge.builder(SIZE, this, s -> s.sizeBytes).baseUnit("bytes").tags(tags)
                    .description("Stored size of the last successful backup").register(registry);
            Gauge.builder(ITEMS, this, s -> s.items).tags(tags)
                    .description("Items in the last successful backup").register(registry);
            Gauge.builder(RPO_OBJECTIVE, this, s -> s.rpoSeconds).baseUnit("seconds").tags(tags)
                    .description("The recovery point objective: the maximum age of the newest backup").register(registry);
        }
    }
}
