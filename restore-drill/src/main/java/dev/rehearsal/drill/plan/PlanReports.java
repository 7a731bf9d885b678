package dev.rehearsal.drill.plan;

import dev.rehearsal.core.TableId;
import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.Durations;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a {@link PlanReport}: JSON (what the catalog keeps; stable names, seconds, ISO-8601 UTC
 * times), Markdown and a standalone HTML page (no scripts, no external resources), each with the
 * stages against their objectives and forecasts, every table's times, checks and backup, and the
 * timeline in the order things happened. For a drill it is the plan drill report; for an incident,
 * the postmortem timeline.
 */
public final class PlanReports {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private PlanReports() {
    }

    public static String json(PlanReport report) {
        return JSON.writeValueAsString(document(report));
    }

    /** The report as maps and lists in reading order; also what the JSON holds. */
    public static Map<String, Object> document(PlanReport report) {
        PlanResult r = report.result();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("runId", r.runId());
        d.put("plan", r.plan());
        d.put("mode", r.mode().name());
        d.put("outcome", r.outcome().name());
        d.put("startedBy", report.startedBy());
        d.put("cancelledBy", report.cancelledBy());
        d.put("startedAt", String.valueOf(r.startedAt()));
        d.put("finishedAt", String.valueOf(r.finishedAt()));
        d.put("recoveryTimeSeconds", seconds(r.recoveryTime()));
        d.put("forecast", forecast(report.forecasts().get(PlanReport.WHOLE_PLAN)));
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageResult s : r.stages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("state", s.state().name());
            m.put("objectiveSeconds", seconds(s.objective()));
            m.put("concurrency", s.concurrency());
            m.put("recoveredAfterSeconds", seconds(s.recoveredAfter()));
            m.put("objectiveMet", s.objectiveMet());
            m.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
            m.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
            m.put("forecast", forecast(report.forecasts().get(s.name())));
            List<Map<String, Object>> tables = new ArrayList<>();
            for (TableRun t : s.tables()) {
                tables.add(table(t, r.startedAt()));
            }
            m.put("tables", tables);
            stages.add(m);
        }
        d.put("stages", stages);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (PlanReport.Entry e : report.timeline()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("kind", e.kind());
            m.put("text", e.text());
            m.put("etaSeconds", e.etaSeconds());
            timeline.add(m);
        }
        d.put("timeline", timeline);
        return d;
    }

    private static Map<String, Object> table(TableRun t, Instant planStart) {
        TableOutcome o = t.outcome();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", t.table().source());
        m.put("table", t.table().table());
        m.put("status", o.status().name());
        m.put("runId", o.runId());
        m.put("backupId", o.backupId());
        m.put("backupTakenAt", o.backupTakenAt() == null ? null : o.backupTakenAt().toString());
        m.put("backupAgeSeconds", o.backupTakenAt() == null ? null : seconds(Duration.between(o.backupTakenAt(), planStart)));
        m.put("target", o.target());
        m.put("startedAt", t.startedAt() == null ? null : t.startedAt().toString());
        m.put("finishedAt", t.finishedAt() == null ? null : t.finishedAt().toString());
        m.put("startedAfterSeconds", t.startedAt() == null ? null : seconds(Duration.between(planStart, t.startedAt())));
        m.put("finishedAfterSeconds", seconds(t.finishedAfter(planStart)));
        m.put("recoveryTimeSeconds", seconds(o.recoveryTime()));
        m.put("items", o.items());
        m.put("bytes", o.bytes());
        m.put("phases", DrillReports.phases(o.phases()));
        m.put("checks", DrillReports.checks(o.checks()));
        m.put("errors", o.errors());
        m.put("disposal", o.disposal());
        return m;
    }

    private static Map<String, Object> forecast(PlanReport.Forecast f) {
        if (f == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", round(f.seconds()));
        m.put("lowSeconds", round(f.lowSeconds()));
        m.put("highSeconds", round(f.highSeconds()));
        m.put("words", f.words());
        return m;
    }

    /** Reads back a report written by {@link #json}. */
    public static PlanReport fromJson(String json) {
        JsonNode d = JSON.readTree(json);
        Map<String, PlanReport.Forecast> forecasts = new LinkedHashMap<>();
        readForecast(d.path("forecast")).ifPresent(f -> forecasts.put(PlanReport.WHOLE_PLAN, f));
        List<StageResult> stages = new ArrayList<>();
        for (JsonNode s : d.path("stages")) {
            String name = DrillReports.text(s, "name");
            readForecast(s.path("forecast")).ifPresent(f -> forecasts.put(name, f));
            List<TableRun> tables = new ArrayList<>();
            for (JsonNode t : s.path("tables")) {
                tables.add(readTable(t, name));
            }
            stages.add(new StageResult(name, DrillReports.duration(s.path("objectiveSeconds")), s.path("concurrency").asInt(),
                    DrillReports.instant(s, "startedAt"), DrillReports.instant(s, "finishedAt"), DrillReports.duration(s.path("recoveredAfterSeconds")), tables));
        }
        PlanResult result = new PlanResult(DrillReports.text(d, "runId"), DrillReports.text(d, "plan"), Mode.valueOf(DrillReports.text(d, "mode")),
                DrillReports.instant(d, "startedAt"), DrillReports.instant(d, "finishedAt"), PlanResult.Outcome.valueOf(DrillReports.text(d, "outcome")), stages);
        List<PlanReport.Entry> timeline = new ArrayList<>();
        for (JsonNode e : d.path("timeline")) {
            timeline.add(new PlanReport.Entry(DrillReports.instant(e, "at"), DrillReports.text(e, "kind"), DrillReports.text(e, "text"),
                    e.path("etaSeconds").isNumber() ? e.path("etaSeconds").asDouble() : null));
        }
        return new PlanReport(result, DrillReports.text(d, "startedBy"), DrillReports.text(d, "cancelledBy"), forecasts, timeline);
    }

    private static TableRun readTable(JsonNode t, String stage) {
        TableOutcome o = new TableOutcome(TableOutcome.Status.valueOf(DrillReports.text(t, "status")), DrillReports.text(t, "runId"),
                DrillReports.text(t, "backupId"), DrillReports.instant(t, "backupTakenAt"), DrillReports.text(t, "target"), t.path("items").asLong(),
                t.path("bytes").asLong(), DrillReports.duration(t.path("recoveryTimeSeconds")), DrillReports.readPhases(t.path("phases")),
                DrillReports.readChecks(t.path("checks")), DrillReports.strings(t.path("errors")),
                DrillReports.text(t, "disposal"));
        return new TableRun(new TableId(DrillReports.text(t, "source"), DrillReports.text(t, "table")), stage, DrillReports.instant(t, "startedAt"),
                DrillReports.instant(t, "finishedAt"), o);
    }

    private static java.util.Optional<PlanReport.Forecast> readForecast(JsonNode f) {
        if (!f.isObject()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new PlanReport.Forecast(f.path("seconds").asDouble(), f.path("lowSeconds").asDouble(),
                f.path("highSeconds").asDouble(), DrillReports.text(f, "words")));
    }

    /** Every event of the run in the order it happened: table starts and ends, stage ends, and the report's own entries. */
    public static List<PlanReport.Entry> events(PlanReport report) {
        PlanResult r = report.result();
        List<PlanReport.Entry> all = new ArrayList<>(report.timeline());
        all.add(new PlanReport.Entry(r.startedAt(), "start", (r.mode() == Mode.DRILL ? "plan drill" : "recovery")
                + " started by " + report.startedBy(), null));
        for (StageResult s : r.stages()) {
            for (TableRun t : s.tables()) {
                if (t.startedAt() != null) {
                    all.add(new PlanReport.Entry(t.startedAt(), "table", t.table() + " started (stage " + s.name() + ")", null));
                    all.add(new PlanReport.Entry(t.finishedAt(), "table", t.table() + " " + words(t.outcome()), null));
                }
            }
            if (s.finishedAt() != null) {
                all.add(new PlanReport.Entry(s.finishedAt(), "stage", "stage " + s.name() + " " + stageWords(s), null));
            }
        }
        if (r.finishedAt() != null) {
            all.add(new PlanReport.Entry(r.finishedAt(), "end", "plan " + r.outcome().name().toLowerCase(Locale.ROOT)
                    + (r.recoveryTime() == null ? "" : " in " + Durations.of(r.recoveryTime())), null));
        }
        all.sort(Comparator.comparing(PlanReport.Entry::at));
        return all;
    }

    private static String words(TableOutcome o) {
        return switch (o.status()) {
            case VERIFIED -> "verified: " + String.format(Locale.ROOT, "%,d", o.items()) + " items"
                    + (o.target() == null ? "" : " in " + o.target())
                    + (o.recoveryTime() == null ? "" : ", recovery time " + Durations.of(o.recoveryTime()));
            case FAILED -> "FAILED: " + String.join("; ", o.errors());
            case ERROR -> "ERROR: " + String.join("; ", o.errors());
            case CANCELLED -> "cancelled; " + o.disposal();
            case SKIPPED -> "skipped";
        };
    }

    private static String stageWords(StageResult s) {
        String objective = "objective " + Durations.of(s.objective());
        return switch (s.state()) {
            case RECOVERED -> "recovered after " + Durations.of(s.recoveredAfter()) + " ("
                    + (Boolean.TRUE.equals(s.objectiveMet()) ? "within " : "OVER ") + objective + ")";
            case FAILED -> "FAILED (" + objective + " not met)";
            default -> s.state().name().toLowerCase(Locale.ROOT);
        };
    }

    public static String markdown(PlanReport report) {
        PlanResult r = report.result();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title(r)).append("\n\n| | |\n|---|---|\n");
        row(md, "Plan", "`" + r.plan() + "`");
        row(md, "Run", "`" + r.runId() + "`");
        row(md, "Started", r.startedAt() + " by " + report.startedBy());
        row(md, "Finished", String.valueOf(r.finishedAt()));
        if (report.cancelledBy() != null) {
            row(md, "Cancelled by", report.cancelledBy());
        }
        row(md, "Recovery time (every stage verified)", r.recoveryTime() == null ? "not reached" : Durations.of(r.recoveryTime()));
        row(md, "Forecast at the start", forecastWords(report.forecasts().get(PlanReport.WHOLE_PLAN)));
        md.append("\n## Stages\n\n| Stage | State | Back after | Objective | Forecast at the start | Tables |\n|---|---|---|---|---|---|\n");
        for (StageResult s : r.stages()) {
            md.append("| ").append(s.name()).append(" | ").append(stageState(s)).append(" | ")
                    .append(s.recoveredAfter() == null ? "—" : Durations.of(s.recoveredAfter())).append(" | ")
                    .append(Durations.of(s.objective())).append(" | ").append(escape(forecastWords(report.forecasts().get(s.name()))))
                    .append(" | ").append(s.tables().size()).append(" |\n");
        }
        md.append("\n## Tables\n\n| Stage | Table | Status | Backup (taken) | Target | Start | End | Recovery time | Items |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (StageResult s : r.stages()) {
            for (TableRun t : s.tables()) {
                TableOutcome o = t.outcome();
                md.append("| ").append(s.name()).append(" | `").append(t.table()).append("` | ").append(o.status())
                        .append(" | ").append(o.backupId() == null ? "—" : "`" + o.backupId() + "` (" + o.backupTakenAt() + ")")
                        .append(" | ").append(o.target() == null ? "—" : "`" + o.target() + "`").append(" | ")
                        .append(offset(r.startedAt(), t.startedAt())).append(" | ").append(offset(r.startedAt(), t.finishedAt()))
                        .append(" | ").append(o.recoveryTime() == null ? "—" : Durations.of(o.recoveryTime())).append(" | ")
                        .append(String.format(Locale.ROOT, "%,d", o.items())).append(" |\n");
            }
        }
        md.append("\n## Checks\n");
        for (StageResult s : r.stages()) {
            for (TableRun t : s.tables()) {
                md.append("\n### ").append(t.table()).append("\n\n");
                if (t.outcome().checks().isEmpty()) {
                    md.append("No check ran.\n");
                }
                for (CheckResult c : t.outcome().checks()) {
                    md.append("- ").append(c.passed() ? "pass" : "**FAIL**").append(" ").append(c.check()).append(": ")
                            .append(escape(c.evidence())).append('\n');
                }
                t.outcome().errors().forEach(e -> md.append("- error: ").append(escape(e)).append('\n'));
                if (t.outcome().disposal() != null) {
                    md.append("- target: ").append(escape(t.outcome().disposal())).append('\n');
                }
            }
        }
        md.append("\n## Timeline\n\n| Time (UTC) | After | Event |\n|---|---|---|\n");
        for (PlanReport.Entry e : events(report)) {
            md.append("| ").append(e.at()).append(" | ").append(offset(r.startedAt(), e.at())).append(" | ")
                    .append(escape(e.text())).append(e.etaSeconds() == null ? "" : " (ETA given: "
                            + Durations.seconds(e.etaSeconds()) + ")").append(" |\n");
        }
        return md.toString();
    }

    /** The report as one standalone page: the same facts as {@link #markdown}, with the tables drawn on a time axis. */
    public static String html(PlanReport report) {
        PlanResult r = report.result();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title(r))).append("</title>\n<style>\n")
                .append("body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d2330}\n")
                .append("table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}")
                .append("th,td{border:1px solid #c9ced8;padding:.35rem .6rem;text-align:left;vertical-align:top}\n")
                .append("th{background:#f1f3f7}.pass{color:#17653a;font-weight:600}.fail{color:#b3261e;font-weight:700}\n")
                .append(".lane{position:relative;height:1.4rem;background:#f6f7fa;margin:.15rem 0}")
                .append(".bar{position:absolute;top:0;bottom:0;border-radius:3px;background:#3d7bd9}")
                .append(".bar.bad{background:#b3261e}.mark{position:absolute;top:-.2rem;bottom:-.2rem;border-left:2px dashed #b36b00}\n")
                .append("code{font-family:ui-monospace,monospace;font-size:.9em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title(r))).append("</h1>\n<table>\n");
        htmlRow(h, "Plan", "<code>" + esc(r.plan()) + "</code>, run <code>" + esc(r.runId()) + "</code>");
        htmlRow(h, "Started (UTC)", esc(r.startedAt() + " by " + report.startedBy()));
        htmlRow(h, "Finished (UTC)", esc(String.valueOf(r.finishedAt())));
        if (report.cancelledBy() != null) {
            htmlRow(h, "Cancelled by", esc(report.cancelledBy()));
        }
        htmlRow(h, "Recovery time (every stage verified)", r.recoveryTime() == null ? "<span class=\"fail\">not reached</span>"
                : esc(Durations.of(r.recoveryTime())));
        htmlRow(h, "Forecast at the start", esc(forecastWords(report.forecasts().get(PlanReport.WHOLE_PLAN))));
        h.append("</table>\n<h2>Stages</h2>\n<table>\n<tr><th>Stage</th><th>State</th><th>Back after</th><th>Objective</th>"
                + "<th>Forecast at the start</th></tr>\n");
        for (StageResult s : r.stages()) {
            boolean good = Boolean.TRUE.equals(s.objectiveMet());
            h.append("<tr><td>").append(esc(s.name())).append("</td><td class=\"").append(good ? "pass" : "fail").append("\">")
                    .append(esc(stageState(s))).append("</td><td>")
                    .append(s.recoveredAfter() == null ? "—" : esc(Durations.of(s.recoveredAfter()))).append("</td><td>")
                    .append(esc(Durations.of(s.objective()))).append("</td><td>")
                    .append(esc(forecastWords(report.forecasts().get(s.name())))).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Timeline</h2>\n");
        double span = Math.max(1e-3, Math.max(r.finishedAt() == null ? 0 : seconds(Duration.between(r.startedAt(), r.finishedAt())),
                r.stages().stream().mapToDouble(s -> seconds(s.objective())).max().orElse(0)));
        for (StageResult s : r.stages()) {
            h.append("<h3>").append(esc(s.name())).append("</h3>\n");
            for (TableRun t : s.tables()) {
                h.append("<div title=\"").append(esc(t.table() + ": " + words(t.outcome()))).append("\"><code>")
                        .append(esc(t.table().toString())).append("</code><div class=\"lane\">");
                if (t.startedAt() != null) {
                    double from = seconds(Duration.between(r.startedAt(), t.startedAt())) / span * 100;
                    double width = Math.max(0.5, seconds(Duration.between(t.startedAt(), t.finishedAt())) / span * 100);
                    h.append(String.format(Locale.ROOT, "<div class=\"bar%s\" style=\"left:%.2f%%;width:%.2f%%\"></div>",
                            t.outcome().verified() ? "" : " bad", from, width));
                }
                h.append(String.format(Locale.ROOT, "<div class=\"mark\" style=\"left:%.2f%%\" title=\"objective\"></div>",
                        Math.min(100, seconds(s.objective()) / span * 100)));
                h.append("</div></div>\n");
            }
        }
        h.append("<p>Bars: each table from its start to its end; dashed line: the stage's objective. Scale: ")
                .append(esc(Durations.seconds(span))).append(" across.</p>\n");
        h.append("<h2>Tables</h2>\n<table>\n<tr><th>Table</th><th>Status</th><th>Backup</th><th>Target</th><th>Recovery time</th>"
                + "<th>Checks</th></tr>\n");
        for (StageResult s : r.stages()) {
            for (TableRun t : s.tables()) {
                TableOutcome o = t.outcome();
                h.append("<tr><td><code>").append(esc(t.table().toString())).append("</code><br>").append(esc(s.name()))
                        .append("</td><td class=\"").append(o.verified() ? "pass" : "fail").append("\">").append(o.status())
                        .append("</td><td>").append(o.backupId() == null ? "—" : "<code>" + esc(o.backupId()) + "</code><br>taken "
                                + esc(String.valueOf(o.backupTakenAt()))).append("</td><td>")
                        .append(o.target() == null ? "—" : "<code>" + esc(o.target()) + "</code>")
                        .append(o.disposal() == null ? "" : "<br>" + esc(o.disposal())).append("</td><td>")
                        .append(o.recoveryTime() == null ? "—" : esc(Durations.of(o.recoveryTime()))).append("</td><td><ul>");
                for (CheckResult c : o.checks()) {
                    h.append("<li class=\"").append(c.passed() ? "pass" : "fail").append("\">").append(esc(c.check())).append(": ")
                            .append(esc(c.evidence())).append("</li>");
                }
                o.errors().forEach(e -> h.append("<li class=\"fail\">").append(esc(e)).append("</li>"));
                h.append("</ul></td></tr>\n");
            }
        }
        h.append("</table>\n<h2>Events</h2>\n<table>\n<tr><th>Time (UTC)</th><th>After</th><th>Event</th></tr>\n");
        for (PlanReport.Entry e : events(report)) {
            h.append("<tr><td>").append(esc(e.at().toString())).append("</td><td>").append(esc(offset(r.startedAt(), e.at())))
                    .append("</td><td>").append(esc(e.text())).append(e.etaSeconds() == null ? ""
                            : esc(" (ETA given: " + Durations.seconds(e.etaSeconds()) + ")")).append("</td></tr>\n");
        }
        return h.append("</table>\n</body>\n</html>\n").toString();
    }

    private static String title(PlanResult r) {
        return (r.mode() == Mode.DRILL ? "Plan drill " : "Recovery ") + r.plan() + " " + r.runId() + ": " + r.outcome();
    }

    private static String stageState(StageResult s) {
        Boolean met = s.objectiveMet();
        return s.state().name() + (met == null ? "" : met ? ", within objective" : ", objective missed");
    }

    private static String forecastWords(PlanReport.Forecast f) {
        if (f == null) {
            return "none (no drill history for every table)";
        }
        return Durations.seconds(f.seconds()) + " (range " + Durations.seconds(f.lowSeconds()) + " – "
                + Durations.seconds(f.highSeconds()) + ")" + (f.words() == null ? "" : "; " + f.words());
    }

    private static String offset(Instant start, Instant at) {
        return at == null ? "—" : "+" + Durations.of(Duration.between(start, at));
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n");
    }

    private static void htmlRow(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(v).append("</td></tr>\n");
    }

    private static String esc(String s) {
        return DrillReports.esc(s);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static Double seconds(Duration d) {
        return d == null ? null : round(d.toNanos() / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
