package dev.rehearsal.dashboard.api;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.DrillRecord;
import dev.rehearsal.dashboard.jobs.OnDemand;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.drill.drill.DrillReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/drills")
@Tag(name = "drills", description = "Restore drills and their reports")
class DrillsController {


    /** A drill's record; {@code status} is RUNNING until it has a verdict, then its outcome. */
    record DrillSummary(String drillId, String source, String table, String status, String backupId,
            Double recoverySeconds, Long items, Instant startedAt, Instant finishedAt, String report,
            EvidenceSummary evidence) {

        static DrillSummary of(DrillRecord d) {
            return new DrillSummary(d.drillId(), d.source(), d.table(), d.outcome(), d.backupId(),
                    d.recoveryMs() == null ? null : d.recoveryMs() / 1000.0, d.items(), d.startedAt(), d.finishedAt(),
                    "/api/v1/drills/" + d.drillId() + "/report.json", EvidenceSummary.of(d.evidenceKeyId(), d.evidenceSha256()));
        }
    }

    private final Catalog catalog;
    private final Preflight preflight;
    private final OnDemand onDemand;
    private final RehearsalJobs jobs;
    private final RequestAudit audit;

    DrillsController(Catalog catalog, Preflight preflight, OnDemand onDemand, RehearsalJobs jobs, RequestAudit audit) {
        this.catalog = catalog;
        this.preflight = preflight;
        this.onDemand = onDemand;
        this.jobs = jobs;
        this.audit = audit;
    }

    /**
     * @param backupId the backup to drill ("prove that the backup from before the incident restores"); the newest
     *                 committed one if absent
     */
    record DrillRequestBody(String source, String table, String backupId) {
    }

    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(consumes = "application/json", produces = "application/json")
    @Operation(summary = "Drill a table now", description = "Needs the operator role. Restores a backup (the newest, or"
            + " the one named by 'backupId') into a sandbox, verifies it, measures the recovery time and deletes the"
            + " sandbox. Answers 202 with the drill's id.")
    ResponseEntity<DrillSummary> drill(@RequestBody DrillRequestBody body, Principal who, HttpServletRequest request) {
        String source = body == null ? null : body.source();
        String table = body == null ? null : body.table();
        String backupId = body == null ? null : body.backupId();
        RequestAudit.describe(request, "drill.start", new TableId(String.valueOf(source), String.valueOf(table))
                + (backupId != null ? "@" + backupId : ""));
        Preflight.Drill drill = preflight.drill(source, table, backupId);
        if (jobs.isRunning("drill", source, table)) {
            throw Refusal.conflict("a drill of table '" + table + "' of source '" + source + "' is running already");
        }
        var accepted = audit.accept(request);
        String[] id = new String[1];
        BackupsController.busy(() -> id[0] = onDemand.drill(drill, accepted));
        return ResponseEntity.accepted().header(HttpHeaders.LOCATION, "/api/v1/drills/" + id[0])
                .body(new DrillSummary(id[0], source, table, "RUNNING", backupId, null, null, Instant.now(), null, null, null));
    }

    @GetMapping(produces = "application/json")
    @Operation(summary = "List drills", description = "Finished drills, newest first; filter by source, table and outcome"
            + " (PASSED, FAILED, ERROR)")
    List<DrillSummary> list(@RequestParam(required = false) String source, @RequestParam(required = false) String table,
            @RequestParam(required = false) String outcome, @RequestParam(defaultValue = "100") int limit) {
        if (outcome != null && !List.of("PASSED", "FAILED", "ERROR").contains(outcome)) {
            throw Refusal.badRequest("'outcome' must be PASSED, FAILED or ERROR, not '" + Preflight.abbreviate(outcome) + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw Refusal.badRequest("'limit' must be between 1 and 1000, not " + limit);
        }
        return catalog.drills(source, table, outcome, limit).stream().map(DrillSummary::of).toList();
    }

    @GetMapping(path = "/{drillId}", produces = "application/json")
    @Operation(summary = "Get one drill", description = "RUNNING while it runs (in this replica), then its outcome")
    DrillSummary get(@PathVariable String drillId) {
        return catalog.drill(id(drillId)).map(DrillSummary::of)
                .or(() -> onDemand.drillRunning(drillId).map(started -> new DrillSummary(drillId, null, null, "RUNNING",
                        null, null, null, started, null, null, null)))
                .orElseThrow(() -> Refusal.notFound("no drill '" + drillId + "'"));
    }

    @GetMapping(path = "/{drillId}/report.json", produces = "application/json")
    @Operation(summary = "A drill's report as JSON")
    ResponseEntity<String> json(@PathVariable String drillId) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report(drillId));
    }

    @GetMapping(path = "/{drillId}/report.md", produces = "text/markdown")
    @Operation(summary = "A drill's report as Markdown", description = "For a postmortem or an auditor")
    ResponseEntity<String> markdown(@PathVariable String drillId) {
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"drill-" + drillId + ".md\"")
                .body(DrillReports.markdown(DrillReports.fromJson(report(drillId))));
    }

    @GetMapping(path = "/{drillId}/report.html", produces = "text/html")
    @Operation(summary = "A drill's report as a standalone HTML page")
    ResponseEntity<String> html(@PathVariable String drillId) {
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"drill-" + drillId + ".html\"")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .body(DrillReports.html(DrillReports.fromJson(report(drillId))));
    }

    private String report(String drillId) {
        return catalog.drillReport(id(drillId)).orElseThrow(() -> onDemand.drillRunning(drillId).isPresent()
                ? new Refusal(HttpStatus.CONFLICT, "drill '" + drillId + "' is still running; its report is written"
                        + " when it ends")
                : Refusal.notFound("no drill '" + drillId + "'"));
    }

    private static String id(String drillId) {
        return Preflight.runId("drill", drillId);
    }
}
