package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.api.PlanRunStream;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.PlanRunRecord;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.plans.LiveRun;
import dev.rehearsal.dashboard.plans.PlanRuns;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanReports;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /plan-runs/{runId}}: one plan run, a drill or a recovery. While it runs in this process the
 * page follows its event stream (the API's {@link PlanRunStream}, under the session) and shows each
 * stage's tables, progress and ETA against its objective; operators cancel a drill, admins a
 * recovery. When it has ended the page shows the end, and the report is served under the session as
 * JSON, Markdown and standalone HTML.
 */
@Controller
class PlanRunController {

    private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final Catalog catalog;
    private final PlanRuns runs;
    private final PlanRunStream stream;
    private final RequestAudit audit;

    PlanRunController(Catalog catalog, PlanRuns runs, PlanRunStream stream, RequestAudit audit) {
        this.catalog = catalog;
        this.runs = runs;
        this.stream = stream;
        this.audit = audit;
    }

    @GetMapping("/plan-runs/{runId}")
    String run(@PathVariable String runId, Authentication who, Model model) {
        PlanRunRecord r = record(runId);
        Optional<LiveRun> live = runs.live(runId);
        PlanRunTimeline timeline = live.map(run -> PlanRunTimeline.of(run.current()))
                .orElseGet(() -> report(r).map(PlanRunTimeline::of).orElse(null));
        Viewer me = Viewer.of(who);
        model.addAttribute("r", r);
        model.addAttribute("timeline", timeline);
        model.addAttribute("incident", r.mode().equals("INCIDENT"));
        model.addAttribute("here", live.isPresent());
        model.addAttribute("canCancel", r.running() && live.isPresent()
                && (r.mode().equals("INCIDENT") ? me.isAdmin() : me.canOperate()));
        model.addAttribute("hasReport", !r.running() && catalog.planRunReport(runId).isPresent());
        return "plan-run";
    }

    /** What the run page follows: the run's snapshots each second, then its end. */
    @GetMapping(path = "/plan-runs/{runId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String runId) {
        record(runId);
        return stream.open(runId);
    }

    /** Operator for a drill (by the security chain), admin for a recovery (here, as the API's cancel). */
    @PostMapping("/plan-runs/{runId}/cancel")
    String cancel(@PathVariable String runId, Authentication who, HttpServletRequest request,
            RedirectAttributes redirect) {
        RequestAudit.describe(request, "plan-run.cancel", Preflight.abbreviate(runId));
        PlanRunRecord r = record(runId);
        if (r.mode().equals("INCIDENT") && !Viewer.of(who).isAdmin()) {
            throw Refusal.forbidden("Cancelling a recovery needs the admin role; operators cancel plan drills.");
        }
        if (!r.running()) {
            RequestAudit.outcome(request, "409 not running");
            redirect.addFlashAttribute("notice", "The run had already ended: " + r.status().toLowerCase() + ".");
        } else if (runs.live(runId).isEmpty()) {
            RequestAudit.outcome(request, "409 other replica");
            redirect.addFlashAttribute("notice", "This run goes on in another replica of the daemon; cancel it there.");
        } else {
            runs.cancel(runId, audit.accept(request).actor());
            RequestAudit.outcome(request, "202 cancelling");
            redirect.addFlashAttribute("notice", "Cancelling: the running tables stop and what they created is deleted;"
                    + " tables not started are skipped.");
        }
        return "redirect:/plan-runs/" + runId;
    }

    @GetMapping("/plan-runs/{runId}/report.json")
    ResponseEntity<String> json(@PathVariable String runId) {
        return download(runId, "json", MediaType.APPLICATION_JSON, reportJson(runId));
    }

    @GetMapping("/plan-runs/{runId}/report.md")
    ResponseEntity<String> markdown(@PathVariable String runId) {
        return download(runId, "md", MARKDOWN, PlanReports.markdown(PlanReports.fromJson(reportJson(runId))));
    }

    @GetMapping("/plan-runs/{runId}/report.html")
    ResponseEntity<String> html(@PathVariable String runId) {
        return ResponseEntity.ok().contentType(HTML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + runId + ".html\"")
                // The standalone page has its styles inline and nothing else.
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .body(PlanReports.html(PlanReports.fromJson(reportJson(runId))));
    }

    private static ResponseEntity<String> download(String runId, String extension, MediaType type, String body) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + runId + "." + extension + "\"")
                .body(body);
    }

    /** The run's signed report: its DSSE envelope as stored (docs/EVIDENCE.md). */
    @GetMapping("/plan-runs/{runId}/evidence.json")
    ResponseEntity<String> evidence(@PathVariable String runId) {
        PlanRunRecord r = record(runId);
        String envelope = catalog.planRunEvidence(runId).orElseThrow(() -> new PageNotFound(r.running()
                ? "Plan run " + runId + " is still running; its report is signed when it ends."
                : "Plan run " + runId + " has no signed report."));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + runId
                        + ".dsse.json\"").body(envelope);
    }

    private Optional<PlanReport> report(PlanRunRecord r) {
        return r.running() ? Optional.empty() : catalog.planRunReport(r.runId()).map(PlanReports::fromJson);
    }

    private String reportJson(String runId) {
        PlanRunRecord r = record(runId);
        return catalog.planRunReport(runId).orElseThrow(() -> new PageNotFound(r.running()
                ? "Plan run " + runId + " is still running; its report is written when it ends."
                : "Plan run " + runId + " ended without a report: " + r.error()));
    }

    private PlanRunRecord record(String runId) {
        if (runId == null || !runId.startsWith("plan-") || !Preflight.isRunId(runId.substring("plan-".length()))) {
            throw new PageNotFound("'" + Preflight.abbreviate(runId) + "' is not a plan run id; plan run ids look like"
                    + " plan-20261207t050000-9f3a61.");
        }
        return catalog.planRun(runId).orElseThrow(() -> new PageNotFound("There is no plan run '" + runId + "'."));
    }
}
