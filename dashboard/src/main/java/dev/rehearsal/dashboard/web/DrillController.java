package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.restore.Phase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /drills/{id}}: one drill's report for a person, and the same report to download as JSON,
 * Markdown or standalone HTML under the session (the API serves the same renderings to bearer tokens).
 */
@Controller
class DrillController {

    private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    /**
     * One phase on the timeline, in thousandths of the whole drill so the SVG scales to any width.
     *
     * @param offset where it starts, 0 to 1000
     * @param width  how long it took, 0 to 1000 (at least 2, so that a quick phase stays visible)
     */
    record Span(String phase, double seconds, int offset, int width) {
    }

    private final Catalog catalog;
    private final CoverageAudit coverage;

    DrillController(Catalog catalog, CoverageAudit coverage) {
        this.catalog = catalog;
        this.coverage = coverage;
    }

    @GetMapping("/drills/{drillId}")
    String drill(@PathVariable String drillId, Model model) {
        DrillResult r = report(drillId);
        model.addAttribute("r", r);
        model.addAttribute("passed", r.outcome() == Outcome.PASSED);
        model.addAttribute("spans", spans(r));
        model.addAttribute("t", coverage.table(r.source(), r.table()).orElse(null));
        model.addAttribute("rtoSeconds", coverage.table(r.source(), r.table()).map(TableStatus::rtoSeconds).orElse(null));
        model.addAttribute("backup", r.backupId() == null ? null : catalog.backups(r.source(), r.table(), null, null, 1000)
                .stream().filter(b -> b.backupId().equals(r.backupId())).findFirst().orElse(null));
        model.addAttribute("evidence", catalog.drill(drillId).orElse(null));
        return "drill";
    }

    /** The drill's signed report: its DSSE envelope as stored (docs/EVIDENCE.md). */
    @GetMapping("/drills/{drillId}/evidence.json")
    ResponseEntity<String> evidence(@PathVariable String drillId) {
        return download(drillId, "dsse.json", MediaType.APPLICATION_JSON, catalog.drillEvidence(drillId)
                .orElseThrow(() -> new PageNotFound("Drill " + drillId + " has no signed report: it was stored before"
                        + " signed evidence existed.")));
    }

    @GetMapping("/drills/{drillId}/report.json")
    ResponseEntity<String> json(@PathVariable String drillId) {
        return download(drillId, "json", MediaType.APPLICATION_JSON, reportJson(drillId));
    }

    @GetMapping("/drills/{drillId}/report.md")
    ResponseEntity<String> markdown(@PathVariable String drillId) {
        return download(drillId, "md", MARKDOWN, DrillReports.markdown(report(drillId)));
    }

    @GetMapping("/drills/{drillId}/report.html")
    ResponseEntity<String> html(@PathVariable String drillId) {
        return ResponseEntity.ok().contentType(HTML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"drill-" + drillId + ".html\"")
                // The standalone page has its styles inline and nothing else.
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .body(DrillReports.html(report(drillId)));
    }

    private static ResponseEntity<String> download(String drillId, String extension, MediaType type, String body) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"drill-" + drillId + "." + extension + "\"")
                .body(body);
    }

    private DrillResult report(String drillId) {
        return DrillReports.fromJson(reportJson(drillId));
    }

    private String reportJson(String drillId) {
        if (!Preflight.isRunId(drillId)) {
            throw new PageNotFound("'" + drillId + "' is not a drill id; drill ids look like 20261121t101500-9f3a61.");
        }
        return catalog.drillReport(drillId).orElseThrow(() -> new PageNotFound("There is no finished drill '" + drillId
                + "'. A running drill's report appears when it ends; drills older than the history retention are pruned."));
    }

    static List<Span> spans(DrillResult r) {
        double total = 0;
        for (Duration d : r.phases().values()) {
            total += d.toMillis();
        }
        List<Span> out = new ArrayList<>();
        double at = 0;
        for (Phase p : Phase.values()) {
            Duration d = r.phases().get(p);
            if (d == null) {
                continue;
            }
            int offset = total == 0 ? 0 : (int) Math.round(at / total * 1000);
            int width = total == 0 ? 2 : (int) Math.max(2, Math.round(d.toMillis() / total * 1000));
            out.add(new Span(p.label(), d.toMillis() / 1000.0, Math.min(offset, 998), Math.min(width, 1000 - Math.min(offset, 998))));
            at += d.toMillis();
        }
        return out;
    }
}
