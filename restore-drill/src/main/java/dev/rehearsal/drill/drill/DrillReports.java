package dev.rehearsal.drill.drill;

import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a {@link DrillResult} for people and tools: JSON (stable field names, durations in
 * seconds, times in ISO-8601 UTC) and Markdown (for a postmortem or an auditor).
 */
public final class DrillReports {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DrillReports() {
    }

    public static String json(DrillResult r) {
        return JSON.writeValueAsString(document(r));
    }

    /** The report as plain maps and lists, in the order it reads best; also what the JSON holds. */
    public static Map<String, Object> document(DrillResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("drillId", r.drillId());
        d.put("source", r.source());
        d.put("table", r.table());
        d.put("outcome", r.outcome().name());
        d.put("backupId", r.backupId());
        d.put("backupAgeSeconds", seconds(r.backupAge()));
        d.put("sandboxTable", r.sandboxTable());
        d.put("sandboxEndpoint", r.sandboxEndpoint());
        d.put("startedAt", String.valueOf(r.startedAt()));
        d.put("finishedAt", String.valueOf(r.finishedAt()));
        d.put("recoveryTimeSeconds", seconds(r.recoveryTime()));
        d.put("items", r.items());
        d.put("bytes", r.bytes());
        d.put("itemsPerSecond", round(r.itemsPerSecond()));
        d.put("bytesPerSecond", round(r.bytesPerSecond()));
        d.put("phases", phases(r.phases()));
        d.put("checks", checks(r.checks()));
        d.put("errors", r.errors());
        d.put("warnings", r.warnings());
        return d;
    }

    /** Each phase that ran with its time, in phase order: the {@code phases} of every report that has them. */
    public static List<Map<String, Object>> phases(Map<Phase, Duration> phases) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            Duration took = phases.get(p);
            if (took != null) {
                // Not Map.of: its iteration order changes from one JVM to the next, and so would the report.
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("phase", p.label());
                m.put("seconds", seconds(took));
                out.add(m);
            }
        }
        return out;
    }

    /** The checks with their evidence: the {@code checks} of every report that has them. */
    public static List<Map<String, Object>> checks(List<CheckResult> checks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CheckResult c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.check());
            m.put("passed", c.passed());
            m.put("evidence", c.evidence());
            m.put("details", c.details());
            out.add(m);
        }
        return out;
    }

    /** Reads {@link #phases} back. */
    public static Map<Phase, Duration> readPhases(JsonNode array) {
        Map<Phase, Duration> phases = new LinkedHashMap<>();
        for (JsonNode p : array) {
            String label = p.path("phase").asString();
            for (Phase phase : Phase.values()) {
                if (phase.label().equals(label)) {
                    phases.put(phase, duration(p.path("seconds")));
                }
            }
        }
        return phases;
    }

    /** Reads {@link #checks} back. */
    public static List<CheckResult> readChecks(JsonNode array) {
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode c : array) {
            checks.add(new CheckResult(c.path("check").asString(), c.path("passed").asBoolean(),
                    c.path("evidence").asString(), strings(c.path("details"))));
        }
        return checks;
    }

    /**
     * Reads back a report written by {@link #json}: the catalog keeps the JSON, and the Markdown and
     * HTML renderings are made from it on request.
     */
    public static DrillResult fromJson(String json) {
        JsonNode d = JSON.readTree(json);
        Map<Phase, Duration> phases = readPhases(d.path("phases"));
        List<CheckResult> checks = readChecks(d.path("checks"));
        return new DrillResult(text(d, "drillId"), text(d, "source"), text(d, "table"), text(d, "backupId"),
                duration(d.path("backupAgeSeconds")), text(d, "sandboxTable"), text(d, "sandboxEndpoint"),
                instant(d, "startedAt"), instant(d, "finishedAt"), Outcome.valueOf(d.path("outcome").asString()),
                phases, checks, duration(d.path("recoveryTimeSeconds")), d.path("items").asLong(), d.path("bytes").asLong(),
                strings(d.path("errors")), strings(d.path("warnings")));
    }

    /**
     * The report as one standalone HTML page (no scripts, no external resources), for an auditor or
     * a postmortem: the same facts as {@link #markdown}.
     */
    public static String html(DrillResult r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Drill ")
                .append(esc(r.drillId())).append(": ").append(r.outcome()).append("</title>\n<style>\n")
                .append("body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}\n")
                .append("table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}")
                .append("th,td{border:1px solid #c9ced8;padding:.35rem .6rem;text-align:left;vertical-align:top}\n")
                .append("th{background:#f1f3f7}.pass{color:#17653a;font-weight:600}.fail{color:#b3261e;font-weight:700}\n")
                .append("code{font-family:ui-monospace,monospace;font-size:.9em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>Drill <code>").append(esc(r.drillId())).append("</code>: <span class=\"")
                .append(r.outcome() == Outcome.PASSED ? "pass" : "fail").append("\">").append(r.outcome())
                .append("</span></h1>\n<table>\n");
        htmlRow(h, "Table", "<code>" + esc(r.table()) + "</code> (source <code>" + esc(r.source()) + "</code>)");
        htmlRow(h, "Backup", r.backupId() == null ? "none"
                : "<code>" + esc(r.backupId()) + "</code>, " + esc(human(r.backupAge())) + " old at drill time");
        htmlRow(h, "Sandbox", r.sandboxTable() == null ? "none"
                : "<code>" + esc(r.sandboxTable()) + "</code> at " + esc(r.sandboxEndpoint()));
        htmlRow(h, "Started (UTC)", esc(instant(r.startedAt())));
        htmlRow(h, "Finished (UTC)", esc(instant(r.finishedAt())));
        htmlRow(h, "Recovery time (to a verified, ready table)",
                r.recoveryTime() == null ? "not reached" : esc(human(r.recoveryTime())));
        htmlRow(h, "Items restored", esc(String.format(Locale.ROOT, "%,d (%,.0f items/s, %s/s)", r.items(),
                r.itemsPerSecond(), bytes(r.bytesPerSecond()))));
        h.append("</table>\n<h2>Checks</h2>\n<table>\n<tr><th>Check</th><th>Result</th><th>Evidence</th></tr>\n");
        for (CheckResult c : r.checks()) {
            h.append("<tr><td>").append(esc(c.check())).append("</td><td class=\"").append(c.passed() ? "pass" : "fail")
                    .append("\">").append(c.passed() ? "pass" : "FAIL").append("</td><td>").append(esc(c.evidence()));
            if (!c.details().isEmpty()) {
                h.append("<ul>");
                c.details().forEach(d -> h.append("<li>").append(esc(d)).append("</li>"));
                h.append("</ul>");
            }
            h.append("</td></tr>\n");
        }
        if (r.checks().isEmpty()) {
            h.append("<tr><td colspan=\"3\">(none ran)</td></tr>\n");
        }
        h.append("</table>\n<h2>Phases</h2>\n<table>\n<tr><th>Phase</th><th>Time</th></tr>\n");
        for (Phase p : Phase.values()) {
            Duration took = r.phases().get(p);
            if (took != null) {
                h.append("<tr><td>").append(p.label()).append("</td><td>").append(esc(human(took))).append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
        htmlList(h, "Errors", r.errors());
        htmlList(h, "Warnings", r.warnings());
        return h.append("</body>\n</html>\n").toString();
    }

    private static void htmlRow(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(v).append("</td></tr>\n");
    }

    private static void htmlList(StringBuilder h, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            h.append("<h2>").append(title).append("</h2>\n<ul>\n");
            lines.forEach(l -> h.append("<li>").append(esc(l)).append("</li>\n"));
            h.append("</ul>\n");
        }
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A report's text field, null when absent or null. */
    public static String text(JsonNode d, String field) {
        JsonNode v = d.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asString();
    }

    /** A report's ISO-8601 time field, null when absent. */
    public static Instant instant(JsonNode d, String field) {
        String v = text(d, field);
        return v == null || v.equals("null") ? null : Instant.parse(v);
    }

    /** A report's seconds as a duration, null when not a number. */
    public static Duration duration(JsonNode seconds) {
        return seconds.isNumber() ? Duration.ofNanos(Math.round(seconds.asDouble() * 1e9)) : null;
    }

    /** A report's list of strings. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    public static String markdown(DrillResult r) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(r.drillId()).append(": ").append(r.outcome()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Table", "`" + r.table() + "` (source `" + r.source() + "`)");
        row(md, "Backup", r.backupId() == null ? "none" : "`" + r.backupId() + "`, " + human(r.backupAge()) + " old at drill time");
        row(md, "Sandbox", r.sandboxTable() == null ? "none" : "`" + r.sandboxTable() + "` at " + r.sandboxEndpoint());
        row(md, "Started", instant(r.startedAt()));
        row(md, "Finished", instant(r.finishedAt()));
        row(md, "Recovery time (to a verified, ready table)", r.recoveryTime() == null ? "not reached" : human(r.recoveryTime()));
        row(md, "Items restored", String.format(Locale.ROOT, "%,d (%,.0f items/s, %s/s)", r.items(), r.itemsPerSecond(),
                bytes(r.bytesPerSecond())));
        md.append("\n## Checks\n\n| Check | Result | Evidence |\n|---|---|---|\n");
        for (CheckResult c : r.checks()) {
            md.append("| ").append(c.check()).append(" | ").append(c.passed() ? "pass" : "**FAIL**").append(" | ")
                    .append(escape(c.evidence())).append(" |\n");
        }
        if (r.checks().isEmpty()) {
            md.append("| (none ran) | | |\n");
        }
        for (CheckResult c : r.checks()) {
            if (!c.details().isEmpty()) {
                md.append("\n### ").append(c.check()).append(" details\n\n");
                c.details().forEach(d -> md.append("- ").append(escape(d)).append('\n'));
            }
        }
        md.append("\n## Phases\n\n| Phase | Time |\n|---|---|\n");
        for (Phase p : Phase.values()) {
            Duration took = r.phases().get(p);
            if (took != null) {
                md.append("| ").append(p.label()).append(" | ").append(human(took)).append(" |\n");
            }
        }
        if (!r.errors().isEmpty()) {
            md.append("\n## Errors\n\n");
            r.errors().forEach(e -> md.append("- ").append(escape(e)).append('\n'));
        }
        if (!r.warnings().isEmpty()) {
            md.append("\n## Warnings\n\n");
            r.warnings().forEach(w -> md.append("- ").append(escape(w)).append('\n'));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static Double seconds(Duration d) {
        return d == null ? null : round(d.toNanos() / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String instant(Instant t) {
        return t == null ? "" : t.toString();
    }

    static String human(Duration d) {
        return Durations.of(d);
    }

    private static String bytes(double b) {
        if (b < 1024) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024 * 1024));
    }
}
