package dev.rehearsal.dashboard.web;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.jobs.OnDemand;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * "Drill this backup" on a table's page (operator role): the same checks as the API's
 * {@code POST /api/v1/drills} with a {@code backupId}, audited before the drill starts. The drill
 * runs in the background; its report appears in the table's drill history when it ends.
 */
@Controller
class DrillStartController {

    private final Preflight preflight;
    private final OnDemand onDemand;
    private final RehearsalJobs jobs;
    private final RequestAudit audit;

    DrillStartController(Preflight preflight, OnDemand onDemand, RehearsalJobs jobs, RequestAudit audit) {
        this.preflight = preflight;
        this.onDemand = onDemand;
        this.jobs = jobs;
        this.audit = audit;
    }

    @PostMapping("/drills")
    String start(@RequestParam String table, @RequestParam(required = false) String backupId, HttpServletRequest request,
            RedirectAttributes redirect) {
        TableId ref = Preflight.tableId(table);
        String chosen = backupId == null || backupId.isBlank() ? null : backupId;
        RequestAudit.describe(request, "drill.start", ref + (chosen != null ? "@" + chosen : ""));
        Preflight.Drill drill = preflight.drill(ref.source(), ref.table(), chosen);
        if (jobs.isRunning("drill", ref.source(), ref.table())) {
            throw new Refusal(HttpStatus.CONFLICT, "A drill of table '" + ref.table() + "' is running already.");
        }
        var accepted = audit.accept(request);
        String drillId;
        try {
            drillId = onDemand.drill(drill, accepted);
        } catch (OnDemand.Busy e) {
            RequestAudit.outcome(request, "503 busy");
            throw new Refusal(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        RequestAudit.outcome(request, "202 started " + drillId);
        redirect.addFlashAttribute("notice", "Drill " + drillId + " of backup " + drill.backup().id().value()
                + " started; its report appears under Drills when it ends.");
        return "redirect:/tables/" + UriUtils.encodePathSegment(ref.source(), "UTF-8") + "/"
                + UriUtils.encodePathSegment(ref.table(), "UTF-8");
    }
}
