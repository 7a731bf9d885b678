package dev.rehearsal.dashboard.web;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.api.RestoreStream;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.dashboard.jobs.OnDemand;
import dev.rehearsal.dashboard.jobs.Preflight;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Restores into a sandbox from the dashboard: pick a covered table and one of its backups, start,
 * and follow the progress; operators may cancel. Restores into a new table outside the sandbox are
 * left to the API, where an admin names the table.
 */
@Controller
class RestoreController {


    private final CoverageAudit coverage;
    private final Catalog catalog;
    private final OnDemand onDemand;
    private final RequestAudit audit;
    private final Preflight preflight;
    private final RehearsalProperties config;
    private final Formats fmt;
    private final RestoreStream stream;

    RestoreController(CoverageAudit coverage, Catalog catalog, OnDemand onDemand, RequestAudit audit,
            Preflight preflight, RehearsalProperties config, Formats fmt, RestoreStream stream) {
        this.stream = stream;
        this.fmt = fmt;
        this.coverage = coverage;
        this.catalog = catalog;
        this.onDemand = onDemand;
        this.audit = audit;
        this.preflight = preflight;
        this.config = config;
    }

    @GetMapping("/restores")
    String list(Model model) {
        model.addAttribute("restores", catalog.restores(50));
        return "restores";
    }

    /** The form: {@code table} (source/table) picks the table, then its backups are offered, the newest chosen. */
    @GetMapping("/restores/new")
    String form(@RequestParam(required = false) String table, Model model) {
        List<TableStatus> covered = coverage.tables().stream()
                .filter(t -> t.coverage() == TableStatus.Coverage.COVERED).toList();
        model.addAttribute("covered", covered);
        model.addAttribute("sandboxConfigured", config.sandbox() != null);
        TableStatus chosen = table == null || table.isBlank() ? null : covered.stream()
                .filter(t -> new TableId(t.source(), t.table()).toString().equals(table)).findFirst()
                .orElseThrow(() -> new PageNotFound("There is no covered table '" + table + "' to restore."));
        model.addAttribute("chosen", chosen);
        model.addAttribute("backups", chosen == null ? List.of()
                : catalog.backups(chosen.source(), chosen.table(), null, null, 50));
        return "restore-new";
    }

    /** The same checks as the API's ({@link Preflight#restore}), into a sandbox; audited before it starts. */
    @PostMapping("/restores")
    String start(@RequestParam String table, @RequestParam String backupId, HttpServletRequest request) {
        TableId ref = Preflight.tableId(table);
        RequestAudit.describe(request, "restore.start", ref + "@" + backupId);
        Preflight.Restore restore = preflight.restore(ref.source(), ref.table(), backupId, null, false);
        var accepted = audit.accept(request);
        String restoreId;
        try {
            restoreId = onDemand.restore(restore, accepted);
        } catch (OnDemand.Busy e) {
            RequestAudit.outcome(request, "503 busy");
            throw new Refusal(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        RequestAudit.outcome(request, "202 started " + restoreId);
        return "redirect:/restores/" + restoreId;
    }

    @GetMapping("/restores/{restoreId}")
    String restore(@PathVariable String restoreId, Model model) {
        RestoreRecord r = record(restoreId);
        model.addAttribute("r", r);
        model.addAttribute("status", status(r));
        return "restore";
    }

    /** What the progress bar follows while the restore runs: the API's event stream, rendered as the page shows it. */
    @GetMapping(path = "/restores/{restoreId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String restoreId) {
        record(restoreId);
        return stream.open(restoreId, this::status);
    }

    @PostMapping("/restores/{restoreId}/cancel")
    String cancel(@PathVariable String restoreId, HttpServletRequest request, RedirectAttributes redirect) {
        RequestAudit.describe(request, "restore.cancel", restoreId);
        RestoreRecord r = record(restoreId);
        if (!r.running()) {
            RequestAudit.outcome(request, "409 not running");
            redirect.addFlashAttribute("notice", "The restore had already ended: " + r.status().name().toLowerCase() + ".");
        } else if (!onDemand.runsHere(restoreId)) {
            RequestAudit.outcome(request, "409 other replica");
            redirect.addFlashAttribute("notice", "This restore runs in another replica of the daemon; cancel it there.");
        } else {
            onDemand.cancel(restoreId, audit.accept(request));
            RequestAudit.outcome(request, "202 cancelling");
            redirect.addFlashAttribute("notice", "Cancelling: the load stops and the sandbox table is deleted.");
        }
        return "redirect:/restores/" + restoreId;
    }

    private RestoreRecord record(String restoreId) {
        if (!Preflight.isRunId(restoreId)) {
            throw new PageNotFound("'" + restoreId + "' is not a restore id; restore ids look like 20261121t101500-9f3a61.");
        }
        return catalog.restore(restoreId).orElseThrow(() -> new PageNotFound("There is no restore '" + restoreId + "'."));
    }

    private Map<String, Object> status(RestoreRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("restoreId", r.restoreId());
        m.put("status", r.status().name());
        m.put("running", r.running());
        m.put("phase", r.phase());
        m.put("percent", Math.round(r.percent() * 10) / 10.0);
        m.put("items", fmt.count(r.items()));
        m.put("totalItems", r.totalItems() == 0 ? null : fmt.count(r.totalItems()));
        m.put("rate", r.itemsPerSecond() == null ? null : fmt.rate(r.itemsPerSecond()));
        m.put("eta", r.etaSeconds() == null ? null : fmt.seconds(r.etaSeconds()));
        m.put("recovery", fmt.millis(r.recoveryMs()));
        m.put("target", r.target());
        m.put("error", r.error());
        m.put("partialTable", r.partialTable());
        return m;
    }
}
