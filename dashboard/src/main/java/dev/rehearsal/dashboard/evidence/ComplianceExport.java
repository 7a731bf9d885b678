package dev.rehearsal.dashboard.evidence;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.DrillRecord;
import dev.rehearsal.dashboard.catalog.PlanRunRecord;
import dev.rehearsal.dashboard.config.PlanTables;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.forecast.Backtest;
import dev.rehearsal.drill.forecast.Forecaster;
import dev.rehearsal.drill.forecast.Sample;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanReports;
import dev.rehearsal.drill.restore.Phase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an auditor asks for a period: per table and per plan, its policy and control labels,
 * backups taken, drills passed and failed, the longest gap between passing drills, the measured
 * recovery time against the objective, the forecast's error, and the signed reports it rests on
 * (docs/EVIDENCE.md, "Compliance export"). Read from the catalog only; nothing is changed.
 */
public final class ComplianceExport {

    /** The payload type of the JSON export in its envelope. */
    public static final String JSON_TYPE = "application/vnd.rehearsal.compliance+json";
    /** The payload type of the CSV export in its envelope. */
    public static final String CSV_TYPE = "application/vnd.rehearsal.compliance+csv";
    /** The longest period one export covers. */
    public static final Duration MAX_PERIOD = Duration.ofDays(366);

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final RehearsalProperties config;
    private final CoverageAudit coverage;
    private final Catalog catalog;
    private final EvidenceSigner signer;
    private final Clock clock;

    public ComplianceExport(RehearsalProperties config, CoverageAudit coverage, Catalog catalog, EvidenceSigner signer,
            Clock clock) {
        this.config = config;
        this.coverage = coverage;
        this.catalog = catalog;
        this.signer = signer;
        this.clock = clock;
    }

    /** A report an export rests on: a drill or a plan run, and its envelope's payload digest. */
    public record Report(String id, String outcome, Instant finishedAt, boolean signed, String keyId, String payloadSha256) {
    }

    /** One table's period, or one plan's (then {@code policy} and {@code backupsTaken} are null). */
    public record Row(String kind, String name, String policy, List<String> controls, Long backupsTaken, int drillsPassed,
            int drillsFailed, double longestGapBetweenPassingDrillsSeconds, Double rtoObjectiveSeconds,
            Double rtoMeasuredMaxSeconds, Boolean rtoMet, Double forecastErrorPercent, List<Report> reports) {
    }

    public record Document(Instant from, Instant to, Instant generatedAt, String signingKeyId, List<Row> tables,
            List<Row> plans) {
    }

    public Document build(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant end = to.isAfter(now) ? now : to;
        List<DrillRecord> drills = catalog.drillsFinished(from, to);
        Map<TableId, Long> backups = catalog.backupsTaken(from, to);
        Map<TableId, String> policyOf = new TreeMap<>(Comparator.comparing(TableId::toString));
        for (TableStatus t : coverage.tables()) {
            if (t.policy() != null) {
                policyOf.put(new TableId(t.source(), t.table()), t.policy());
            }
        }
        Set<TableId> tables = new TreeSet<>(Comparator.comparing(TableId::toString));
        tables.addAll(policyOf.keySet());
        tables.addAll(backups.keySet());
        drills.forEach(d -> tables.add(new TableId(d.source(), d.table())));
        List<Row> tableRows = new ArrayList<>();
        for (TableId t : tables) {
            String policyName = policyOf.get(t);
            RehearsalProperties.Policy policy = policyName == null ? null : config.policies().get(policyName);
            List<DrillRecord> own = drills.stream().filter(d -> d.source().equals(t.source()) && d.table().equals(t.table()))
                    .toList();
            List<Instant> passes = own.stream().filter(d -> "PASSED".equals(d.outcome())).map(DrillRecord::finishedAt).toList();
            Double objective = policy == null || policy.rto() == null ? null : seconds(policy.rto());
            Double measured = own.stream().filter(d -> "PASSED".equals(d.outcome()) && d.recoveryMs() != null)
                    .map(d -> d.recoveryMs() / 1000.0).max(Double::compare).orElse(null);
            List<Report> reports = own.stream().map(d -> new Report(d.drillId(), d.outcome(), d.finishedAt(),
                    d.evidenceKeyId() != null, d.evidenceKeyId(), d.evidenceSha256())).toList();
            tableRows.add(new Row("table", t.toString(), policyName, policy == null ? List.of() : policy.controls(),
                    backups.getOrDefault(t, 0L), passes.size(), (int) own.stream().filter(d -> !"PASSED".equals(d.outcome()))
                            .count(), longestGap(from, end, passes), objective, measured, met(objective, measured),
                    tableForecastError(t, from, to), reports));
        }
        List<Row> planRows = new ArrayList<>();
        List<PlanRunRecord> runs = catalog.planRunsFinished("DRILL", from, to);
        for (var e : new TreeMap<>(config.plans()).entrySet()) {
            String plan = e.getKey();
            List<PlanRunRecord> own = runs.stream().filter(r -> r.plan().equals(plan)).toList();
            List<Instant> passes = own.stream().filter(r -> "VERIFIED".equals(r.status())).map(PlanRunRecord::finishedAt)
                    .toList();
            Double objective = e.getValue().stages().stream().map(RehearsalProperties.Stage::objective)
                    .filter(Objects::nonNull).map(ComplianceExport::seconds).max(Double::compare).orElse(null);
            Double measured = own.stream().filter(r -> "VERIFIED".equals(r.status()) && r.recoveryMs() != null)
                    .map(r -> r.recoveryMs() / 1000.0).max(Double::compare).orElse(null);
            List<Report> reports = own.stream().map(r -> new Report(r.runId(), r.status(), r.finishedAt(),
                    r.evidenceKeyId() != null, r.evidenceKeyId(), r.evidenceSha256())).toList();
            planRows.add(new Row("plan", plan, null, planControls(e.getValue(), policyOf), null, passes.size(),
                    own.size() - passes.size(), longestGap(from, end, passes), objective, measured, met(objective, measured),
                    planForecastError(own), reports));
        }
        return new Document(from, to, now, signer.activeKeyId().orElse(null), tableRows, planRows);
    }

    /** The longest stretch of the period without a passing drill: from its start, between passes, to its end (or now). */
    static double longestGap(Instant from, Instant end, List<Instant> passes) {
        Instant previous = from;
        Duration longest = Duration.ZERO;
        for (Instant p : passes.stream().sorted().toList()) {
            Duration gap = Duration.between(previous, p);
            longest = gap.compareTo(longest) > 0 ? gap : longest;
            previous = p;
        }
        Duration last = Duration.between(previous, end);
        longest = last.compareTo(longest) > 0 ? last : longest;
        return seconds(longest);
    }

    private static Boolean met(Double objective, Double measured) {
        return objective == null || measured == null ? null : measured <= objective;
    }

    private List<String> planControls(RehearsalProperties.Plan plan, Map<TableId, String> policyOf) {
        Set<String> controls = new TreeSet<>();
        for (RehearsalProperties.Stage s : plan.stages()) {
            for (TableId t : PlanTables.resolve(s.tables(), policyOf.keySet())) {
                RehearsalProperties.Policy p = config.policies().get(policyOf.get(t));
                if (p != null) {
                    controls.addAll(p.controls());
                }
            }
        }
        return List.copyOf(controls);
    }

    /** The median signed error, in percent, of the table's forecasts checked against its passing drills of the period. */
    private Double tableForecastError(TableId t, Instant from, Instant to) {
        List<Sample> history = new ArrayList<>();
        for (DrillRecord d : catalog.drills(t.source(), t.table(), "PASSED", 1000)) {
            if (d.finishedAt().isBefore(to)) {
                catalog.drillReport(d.drillId()).ifPresent(json -> {
                    DrillResult r = DrillReports.fromJson(json);
                    if (r.recoveryTime() != null) {
                        history.add(new Sample(d.finishedAt(), r.items(), seconds(r.recoveryTime()),
                                seconds(r.phases().getOrDefault(Phase.DATA_LOAD, Duration.ZERO))));
                    }
                });
            }
        }
        history.sort(Comparator.comparing(Sample::at));
        List<Double> errors = Forecaster.backtest(history).points().stream()
                .filter(p -> !p.at().isBefore(from) && p.at().isBefore(to)).map(Backtest.Point::error).toList();
        return median(errors);
    }

    /** The median signed error, in percent, of the whole-plan forecast given at each verified run's start. */
    private Double planForecastError(List<PlanRunRecord> runs) {
        List<Double> errors = new ArrayList<>();
        for (PlanRunRecord r : runs) {
            if (!"VERIFIED".equals(r.status())) {
                continue;
            }
            catalog.planRunReport(r.runId()).map(PlanReports::fromJson).ifPresent(report -> {
                PlanReport.Forecast f = report.forecasts().get(PlanReport.WHOLE_PLAN);
                Duration measured = report.result().recoveryTime();
                if (f != null && f.seconds() > 0 && measured != null) {
                    errors.add(seconds(measured) / f.seconds() - 1);
                }
            });
        }
        return median(errors);
    }

    private static Double median(List<Double> errors) {
        if (errors.isEmpty()) {
            return null;
        }
        List<Double> sorted = errors.stream().sorted().toList();
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return Math.round(m * 1000) / 10.0;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** The document as the JSON the API serves (docs/EVIDENCE.md). */
    public static byte[] json(Document d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "rehearsal-compliance");
        m.put("version", 1);
        m.put("from", d.from().toString());
        m.put("to", d.to().toString());
        m.put("generatedAt", d.generatedAt().toString());
        m.put("signingKeyId", d.signingKeyId());
        m.put("tables", d.tables().stream().map(r -> row(r, true)).toList());
        m.put("plans", d.plans().stream().map(r -> row(r, false)).toList());
        return JSON.writeValueAsBytes(m);
    }

    private static Map<String, Object> row(Row r, boolean table) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (table) {
            int slash = r.name().indexOf('/');
            m.put("source", r.name().substring(0, slash));
            m.put("table", r.name().substring(slash + 1));
            m.put("policy", r.policy());
        } else {
            m.put("plan", r.name());
        }
        m.put("controls", r.controls());
        if (table) {
            m.put("backupsTaken", r.backupsTaken());
        }
        m.put("drillsPassed", r.drillsPassed());
        m.put("drillsFailed", r.drillsFailed());
        m.put("longestGapBetweenPassingDrillsSeconds", r.longestGapBetweenPassingDrillsSeconds());
        m.put("rtoObjectiveSeconds", r.rtoObjectiveSeconds());
        m.put("rtoMeasuredMaxSeconds", r.rtoMeasuredMaxSeconds());
        m.put("rtoMet", r.rtoMet());
        m.put("forecastErrorPercent", r.forecastErrorPercent());
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Report p : r.reports()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", p.id());
            x.put("outcome", p.outcome());
            x.put("finishedAt", String.valueOf(p.finishedAt()));
            x.put("signed", p.signed());
            x.put("keyId", p.keyId());
            x.put("payloadSha256", p.payloadSha256());
            reports.add(x);
        }
        m.put("reports", reports);
        return m;
    }

    static final String CSV_HEADER = "kind,name,policy,controls,from,to,backups_taken,drills_passed,drills_failed,"
            + "longest_gap_seconds,rto_objective_seconds,rto_measured_max_seconds,rto_met,forecast_error_percent,reports";

    /** The document as CSV (RFC 4180): a header, then one row per table, then one per plan. */
    public static byte[] csv(Document d) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        List<Row> all = new ArrayList<>(d.tables());
        all.addAll(d.plans());
        for (Row r : all) {
            List<String> cells = List.of(r.kind(), r.name(), cell(r.policy()), String.join(";", r.controls()),
                    d.from().toString(), d.to().toString(), cell(r.backupsTaken()), String.valueOf(r.drillsPassed()),
                    String.valueOf(r.drillsFailed()), String.valueOf(r.longestGapBetweenPassingDrillsSeconds()),
                    cell(r.rtoObjectiveSeconds()), cell(r.rtoMeasuredMaxSeconds()), cell(r.rtoMet()),
                    cell(r.forecastErrorPercent()), String.join(";", r.reports().stream()
                            .map(p -> p.id() + ":" + (p.payloadSha256() == null ? "" : p.payloadSha256())).toList()));
            out.append(String.join(",", cells.stream().map(ComplianceExport::quote).toList())).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
