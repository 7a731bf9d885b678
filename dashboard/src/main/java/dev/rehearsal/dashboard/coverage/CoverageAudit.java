package dev.rehearsal.dashboard.coverage;

import dev.rehearsal.drill.drill.Durations;
import dev.rehearsal.core.source.TableProtection;
import dev.rehearsal.dashboard.catalog.BackupRecord;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.DrillRecord;
import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.TableStatus.Coverage;
import dev.rehearsal.dashboard.coverage.TableStatus.Level;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.forecast.Forecast;
import dev.rehearsal.drill.forecast.Forecaster;
import dev.rehearsal.drill.forecast.Sample;
import dev.rehearsal.drill.restore.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * Judges every table of every source: covered by a policy, excluded, or neither; and for covered
 * tables, backup age against the RPO, drills against the drill window, measured and forecast
 * recovery time against the RTO, and the source's own protection (deletion protection, PITR).
 *
 * <p>What the sources say (their tables, sizes and protection) is read by {@link #refresh}, on a
 * schedule; what the catalog says is read on every call, so a finished drill shows at once.
 */
public final class CoverageAudit {

    private static final Logger log = LoggerFactory.getLogger(CoverageAudit.class);

    /** What a source said about one table at the last refresh. */
    record TableFacts(TableProtection protection, Long approximateItems) {
    }

    /** What one source said at the last refresh; {@code error} if it could not be listed. */
    record SourceFacts(List<String> tables, Map<String, TableFacts> facts, String error) {
    }

    /** The counts for a header line: "41 tables: 38 verified, 2 stale, 1 not covered". */
    public record Summary(int tables, int verified, int attention, int failing, int uncovered, int excluded,
            Map<String, String> unreachableSources, String headline) {
    }

    private final RehearsalProperties config;
    private final Engines engines;
    private final Catalog catalog;
    private final Clock clock;
    private volatile Map<String, SourceFacts> sources = Map.of();
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();

    public CoverageAudit(RehearsalProperties config, Engines engines, Catalog catalog, Clock clock) {
        this.config = config;
        this.engines = engines;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Asks every source for its tables, their size and their protection. */
    public void refresh() {
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, List<String>> listed = engines.listTables(failures);
        Map<String, SourceFacts> next = new LinkedHashMap<>();
        for (String source : config.sources().keySet()) {
            if (failures.containsKey(source) || !listed.containsKey(source)) {
                SourceFacts before = sources.get(source);
                next.put(source, new SourceFacts(before == null ? List.of() : before.tables(),
                        before == null ? Map.of() : before.facts(), failures.getOrDefault(source, "not listed")));
                continue;
            }
            RehearsalProperties.Source s = config.sources().get(source);
            List<String> tables = listed.get(source).stream().filter(t -> ConfigValidator.matches(s.include(), t)).toList();
            Map<String, TableFacts> facts = new LinkedHashMap<>();
            for (String table : tables) {
                facts.put(table, facts(source, table));
            }
            next.put(source, new SourceFacts(tables, facts, null));
        }
        sources = next;
    }

    private TableFacts facts(String source, String table) {
        TableProtection protection = TableProtection.UNKNOWN;
        Long items = null;
        try {
            protection = engines.source(source).protection(table);
        } catch (RuntimeException e) {
            log.debug("Protection of {}/{} is unknown: {}", source, table, e.getMessage());
        }
        try {
            items = engines.source(source).approximateItems(table);
        } catch (RuntimeException e) {
            log.debug("Size of {}/{} is unknown: {}", source, table, e.getMessage());
        }
        return new TableFacts(protection, items);
    }

    /** Every table of every source, by source then name. */
    public List<TableStatus> tables() {
        List<TableStatus> out = new ArrayList<>();
        sources.forEach((source, facts) -> {
            for (String table : facts.tables()) {
                out.add(status(source, table, facts.facts().get(table)));
            }
        });
        return out;
    }

    public Optional<TableStatus> table(String source, String table) {
        SourceFacts facts = sources.get(source);
        if (facts == null || !facts.tables().contains(table)) {
            return Optional.empty();
        }
        return Optional.of(status(source, table, facts.facts().get(table)));
    }

    public Summary summary() {
        return summary(tables());
    }

    public Summary summary(List<TableStatus> tables) {
        int verified = 0;
        int attention = 0;
        int failing = 0;
        int uncovered = 0;
        int excluded = 0;
        for (TableStatus t : tables) {
            switch (t.coverage()) {
                case UNCOVERED -> uncovered++;
                case EXCLUDED -> excluded++;
                case COVERED -> {
                    switch (t.status()) {
                        case GREEN -> verified++;
                        case AMBER -> attention++;
                        default -> failing++;
                    }
                }
            }
        }
        Map<String, String> unreachable = new LinkedHashMap<>();
        sources.forEach((name, f) -> {
            if (f.error() != null) {
                unreachable.put(name, f.error());
            }
        });
        List<String> parts = new ArrayList<>();
        parts.add(verified + " verified");
        if (attention > 0) {
            parts.add(attention + (attention == 1 ? " needs attention" : " need attention"));
        }
        if (failing > 0) {
            parts.add(failing + " failing");
        }
        if (uncovered > 0) {
            parts.add(uncovered + " not covered");
        }
        if (excluded > 0) {
            parts.add(excluded + " excluded");
        }
        String headline = tables.size() + " tables: " + String.join(", ", parts);
        return new Summary(tables.size(), verified, attention, failing, uncovered, excluded, unreachable, headline);
    }

    private TableStatus status(String source, String table, TableFacts facts) {
        Instant now = clock.instant();
        TableProtection protection = facts == null ? TableProtection.UNKNOWN : facts.protection();
        Long approxItems = facts == null ? null : facts.approximateItems();
        var policy = engines.policyFor(source, table);
        if (policy.isEmpty()) {
            boolean excluded = ConfigValidator.matches(config.sources().get(source).exclude(), table);
            return new TableStatus(source, table, excluded ? Coverage.EXCLUDED : Coverage.UNCOVERED, null,
                    excluded ? Level.GREY : Level.RED,
                    List.of(excluded ? "excluded from protection by rehearsal.sources." + source + ".exclude"
                            : "not covered by any policy and not excluded: it has no backups"),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, approxItems, protection.deletionProtection(), protection.pointInTimeRecovery());
        }
        String policyName = policy.get().getKey();
        RehearsalProperties.Policy p = policy.get().getValue();
        List<String> red = new ArrayList<>();
        List<String> amber = new ArrayList<>();

        Optional<BackupRecord> backup = catalog.newestBackup(source, table);
        Double backupAge = backup.map(b -> seconds(Duration.between(b.finishedAt(), now))).orElse(null);
        Double rpo = seconds(p.rpo());
        Boolean rpoMet = backupAge == null ? null : backupAge <= rpo;
        if (backup.isEmpty()) {
            red.add("no backup yet");
        } else if (!rpoMet) {
            red.add("newest backup is " + human(backupAge) + " old; the RPO is " + human(rpo));
        }

        List<DrillRecord> drills = catalog.drills(source, table, null, 1);
        Optional<DrillRecord> newest = drills.stream().findFirst();
        List<DrillRecord> passing = catalog.drills(source, table, "PASSED", 20);
        Optional<DrillRecord> newestPassing = passing.stream().findFirst();
        Double rto = seconds(p.rto());
        Double measured = newestPassing.map(d -> d.recoveryMs() == null ? null : d.recoveryMs() / 1000.0).orElse(null);
        Boolean rtoMet = measured == null ? null : measured <= rto;
        Double maxAge = drillMaxAge(p, now);
        Boolean recently = maxAge == null || newestPassing.isEmpty() ? Boolean.FALSE
                : Duration.between(newestPassing.get().finishedAt(), now).toMillis() / 1000.0 <= maxAge;
        if (newest.isPresent() && !newest.get().outcome().equals("PASSED")) {
            red.add("newest drill " + newest.get().drillId() + " " + newest.get().outcome().toLowerCase());
        }
        if (Boolean.FALSE.equals(rtoMet)) {
            red.add("measured recovery time " + human(measured) + " is over the RTO of " + human(rto));
        }
        if (p.drillCron() == null || p.drillCron().isBlank()) {
            amber.add("policy '" + policyName + "' has no drill schedule: restores of this table are never rehearsed");
        } else if (newestPassing.isEmpty()) {
            amber.add("never drilled successfully");
        } else if (!recently) {
            amber.add("no passing drill within " + human(maxAge));
        }

        // The engine's estimate of today's size; where it has none yet (a table never analysed), the newest backup's count.
        long basis = approxItems != null && approxItems > 0 ? approxItems : backup.map(BackupRecord::items).orElse(-1L);
        Optional<Forecast> forecast = Forecaster.forecast(samples(passing), basis);
        Double forecastSeconds = forecast.map(f -> round(f.seconds())).orElse(null);
        Boolean forecastMet = forecastSeconds == null ? null : forecastSeconds <= rto;
        if (Boolean.FALSE.equals(forecastMet)) {
            amber.add("forecast recovery time " + human(forecastSeconds) + " is over the RTO of " + human(rto));
        }
        if (Boolean.FALSE.equals(protection.deletionProtection())) {
            amber.add("deletion protection is off on the source table");
        }
        List<String> reasons = new ArrayList<>(red);
        reasons.addAll(amber);
        Level level = !red.isEmpty() ? Level.RED : !amber.isEmpty() ? Level.AMBER : Level.GREEN;
        return new TableStatus(source, table, Coverage.COVERED, policyName, level, reasons,
                backup.map(BackupRecord::backupId).orElse(null), backup.map(BackupRecord::finishedAt).orElse(null),
                backupAge == null ? null : round(backupAge), backup.map(BackupRecord::items).orElse(null), rpo, rpoMet,
                newest.map(DrillRecord::drillId).orElse(null), newest.map(DrillRecord::outcome).orElse(null),
                newest.map(DrillRecord::finishedAt).orElse(null), newestPassing.map(DrillRecord::finishedAt).orElse(null),
                measured, rto, rtoMet, maxAge, recently, forecastSeconds, forecast.map(Forecast::method).orElse(null),
                forecastMet, forecast.map(f -> round(f.low())).orElse(null), forecast.map(f -> round(f.high())).orElse(null),
                forecast.map(f -> f.accuracy().words()).orElse(null),
                forecast.filter(f -> f.accuracy().measured()).map(f -> round(f.accuracy().medianAbsoluteError())).orElse(null),
                approxItems, protection.deletionProtection(), protection.pointInTimeRecovery());
    }

    /** The policy's drill window: its setting, or twice the drill schedule's interval plus the RTO. */
    static Double drillMaxAge(RehearsalProperties.Policy p, Instant now) {
        if (p.drillMaxAge() != null) {
            return seconds(p.drillMaxAge());
        }
        if (p.drillCron() == null || p.drillCron().isBlank()) {
            return null;
        }
        CronExpression cron = CronExpression.parse(p.drillCron());
        LocalDateTime first = cron.next(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        LocalDateTime second = first == null ? null : cron.next(first);
        if (second == null) {
            return null;
        }
        return seconds(Duration.between(first, second).multipliedBy(2).plus(p.rto()));
    }

    /**
     * What a forecast of a table rests on: its passing drills (the newest 20) as samples, and its
     * item count today: the engine's estimate as of the last audit, else its newest backup's count
     * (a table that is gone still has that), -1 when neither is known.
     */
    public record ForecastInputs(List<Sample> history, long items) {
    }

    public ForecastInputs forecastInputs(String source, String table) {
        SourceFacts facts = sources.get(source);
        TableFacts t = facts == null ? null : facts.facts().get(table);
        Long approx = t == null ? null : t.approximateItems();
        long items = approx != null && approx > 0 ? approx
                : catalog.newestBackup(source, table).map(BackupRecord::items).orElse(-1L);
        return new ForecastInputs(samples(catalog.drills(source, table, "PASSED", 20)), items);
    }

    private List<Sample> samples(List<DrillRecord> passing) {
        List<Sample> out = new ArrayList<>();
        for (DrillRecord d : passing) {
            if (d.finishedAt() == null) {
                continue; // a passing drill always has finished; without the time, a backtest could not place it
            }
            Sample s = samples.computeIfAbsent(d.drillId(), id -> catalog.drillReport(id).map(json -> {
                DrillResult r = DrillReports.fromJson(json);
                Duration load = r.phases().getOrDefault(Phase.DATA_LOAD, Duration.ZERO);
                return new Sample(d.finishedAt(), r.items(), r.recoveryTime() == null ? 0 : seconds(r.recoveryTime()),
                        seconds(load));
            }).orElse(null));
            if (s != null) {
                out.add(s);
            }
        }
        if (samples.size() > 10_000) {
            samples.clear();
        }
        return out;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String human(double seconds) {
        return Durations.span(Math.round(seconds));
    }
}
