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
        List<Map<String, Object>> phases = new ArrayList<>();
        for (Phase p : Phase.values()) {
            Duration took = r.phases().get(p);
            if (took != null) {
                // Not Map.of: its iteration order changes from one JVM to the next, and so would the report.
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("phase", p.label());
                m.put("seconds", seconds(took));
                phases.add(m);
            }
        }
        d.put("phases", phases);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult c : r.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.check());
            m.put("passed", c.passed());
            m.put("evidence", c.evidence());
            m.put("details", c.details());
            checks.add(m);
        }
        d.put("checks", checks);
        d.put("errors", r.errors());
        d.put("warnings", r.warnings());
        return d;
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
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %d min", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%d d %d h", s / 86_400, (s % 86_400) / 3600);
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
