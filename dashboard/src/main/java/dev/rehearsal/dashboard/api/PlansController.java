package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.PlanRunRecord;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.plans.BackupChoice;
import dev.rehearsal.dashboard.plans.IncidentPlan;
import dev.rehearsal.dashboard.plans.LiveRun;
import dev.rehearsal.dashboard.plans.PlanForecasts;
import dev.rehearsal.dashboard.plans.PlanResolver;
import dev.rehearsal.dashboard.plans.PlanRuns;
import dev.rehearsal.dashboard.security.Role;
import dev.rehearsal.drill.plan.PlanReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "plans", description = "Recovery plans: plan drills, incident runs with live progress, and their reports")
class PlansController {

    private static final Pattern PLAN_RUN_ID = Pattern.compile("plan-[a-z0-9-]{6,40}");

    /** A configured plan, its stages resolved to the covered tables they name now, and its last runs. */
    record PlanView(String name, String drillCron, String targetTemplate, List<StageView> stages,
            PlanForecasts.ForecastView forecast, List<RunView> recentRuns) {
    }

    record StageView(String name, double objectiveSeconds, int concurrency, List<String> patterns, List<String> tables) {
    }

    /**
     * A plan run as recorded. {@code status} is RUNNING, then VERIFIED (every table restored and
     * verified), FAILED or CANCELLED.
     */
    record RunView(String runId, String plan, String mode, String status, String requestedBy, Instant startedAt,
            Instant finishedAt, Double recoverySeconds, String error, EvidenceSummary evidence) {
        static RunView of(PlanRunRecord r) {
            return new RunView(r.runId(), r.plan(), r.mode(), r.status(), r.requestedBy(), r.startedAt(), r.finishedAt(),
                    r.recoveryMs() == null ? null : r.recoveryMs() / 1000.0, r.error(),
                    EvidenceSummary.of(r.evidenceKeyId(), r.evidenceSha256()));
        }
    }

    /**
     * @param backups {@code verified} (default: the newest backup a passing drill verified), {@code newest},
     *                or {@code before} with {@code before}
     * @param before  ISO-8601 UTC: restore the newest backups taken before this moment (when the damage began)
     */
    record IncidentBody(String backups, String before) {
    }

    private final RehearsalProperties config;
    private final PlanResolver resolver;
    private final PlanRuns runs;
    private final Catalog catalog;
    private final RequestAudit audit;
    private final PlanRunStream stream;

    PlansController(RehearsalProperties config, PlanResolver resolver, PlanRuns runs, Catalog catalog, RequestAudit audit,
            PlanRunStream stream) {
        this.config = config;
        this.resolver = resolver;
        this.runs = runs;
        this.catalog = catalog;
        this.audit = audit;
        this.stream = stream;
    }

    @GetMapping(path = "/api/v1/plans", produces = "application/json")
    @Operation(summary = "List recovery plans", description = "Each plan's stages with the covered tables they name now"
            + " and its recent runs")
    List<PlanView> list() {
        return config.plans().keySet().stream().sorted().map(this::view).toList();
    }

    @GetMapping(path = "/api/v1/plans/{plan}", produces = "application/json")
    @Operation(summary = "Get a recovery plan")
    PlanView get(@PathVariable String plan) {
        resolver.plan(plan);
        return view(plan);
    }

    @PostMapping(path = "/api/v1/plans/{plan}/drills", produces = "application/json")
    @Operation(summary = "Drill a plan now", description = "Needs the operator role. Restores every table of the plan"
            + " into the sandbox, stage by stage, verifies each, measures each stage's recovery time from the start,"
            + " and deletes the sandboxes. Answers 202 with the run; its report is at .../report when it ends.")
    ResponseEntity<RunView> drill(@PathVariable String plan, HttpServletRequest request) {
        RequestAudit.describe(request, "plan-drill.start", "plan/" + Preflight.abbreviate(plan));
        resolver.plan(plan);
        String runId = runs.drill(plan, audit.accept(request));
        return accepted(runId);
    }

    @GetMapping(path = "/api/v1/plans/{plan}/incident", produces = "application/json")
    @Operation(summary = "Dry run of an incident run", description = "What an incident run would do now: every table"
            + " with the backup chosen for it (and its age), whether a drill verified that backup, and its target"
            + " (the table's own name when the source no longer has it, else a new name from the plan's template)."
            + " 'problems' lists what would stop it. Nothing is started.")
    IncidentPlan dryRun(@PathVariable String plan, @RequestParam(required = false) String backups,
            @RequestParam(required = false) String before) {
        return runs.dryRun(plan, BackupChoice.parse(backups, before));
    }

    @PostMapping(path = "/api/v1/plans/{plan}/incidents", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Run a plan for real", description = "Needs the admin role. Restores every table of the plan"
            + " from the chosen backups into the targets the dry run shows, stage by stage, each verified. A target"
            + " that exists is never written. Refused with 409, naming each table's problem, unless every table can"
            + " go. Answers 202 with the run; follow it at .../events.")
    ResponseEntity<RunView> incident(@PathVariable String plan, @RequestBody(required = false) IncidentBody body,
            Authentication who, HttpServletRequest request) {
        IncidentBody b = body == null ? new IncidentBody(null, null) : body;
        RequestAudit.describe(request, "plan-incident.start", "plan/" + Preflight.abbreviate(plan)
                + (b.before() == null ? "" : " before " + Preflight.abbreviate(b.before()))
                + (b.backups() == null ? "" : " backups=" + Preflight.abbreviate(b.backups())));
        if (Role.highest(who.getAuthorities()).orElse(Role.VIEWER) != Role.ADMIN) {
            throw Refusal.forbidden("running a plan for real restores into tables outside the sandbox and needs the"
                    + " admin role; a plan drill (POST /api/v1/plans/" + Preflight.abbreviate(plan) + "/drills) needs operator");
        }
        resolver.plan(plan);
        BackupChoice choice = BackupChoice.parse(b.backups(), b.before());
        String runId = runs.incident(plan, choice, audit.accept(request));
        return accepted(runId);
    }

    @GetMapping(path = "/api/v1/plan-runs", produces = "application/json")
    @Operation(summary = "List plan runs", description = "Newest first; filter by plan and mode (DRILL, INCIDENT)")
    List<RunView> runs(@RequestParam(required = false) String plan, @RequestParam(required = false) String mode,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.badRequest("'limit' must be between 1 and 1000, not " + limit);
        }
        if (mode != null && !List.of("DRILL", "INCIDENT").contains(mode)) {
            throw Refusal.badRequest("'mode' must be DRILL or INCIDENT, not '" + Preflight.abbreviate(mode) + "'");
        }
        if (plan != null) {
            resolver.plan(plan);
        }
        return catalog.planRuns(plan, mode, limit).stream().map(RunView::of).toList();
    }

    @GetMapping(path = "/api/v1/plan-runs/{runId}", produces = "application/json")
    @Operation(summary = "Get a plan run", description = "While it runs in this replica: every stage and table with"
            + " live progress and the ETA; otherwise its record")
    Object run(@PathVariable String runId) {
        PlanRunRecord r = record(runId);
        return runs.live(runId).<Object>map(LiveRun::current).orElse(RunView.of(r));
    }

    @GetMapping(path = "/api/v1/plan-runs/{runId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a plan run", description = "Server-sent events: a 'progress' event with every stage"
            + " and table and the ETA each second while it runs, then one 'finished' event, and the stream ends")
    SseEmitter events(@PathVariable String runId) {
        record(runId);
        return stream.open(runId);
    }

    @GetMapping(path = "/api/v1/plan-runs/{runId}/report", produces = "application/json")
    @Operation(summary = "A finished plan run's report", description = "The plan drill report, or an incident run's"
            + " postmortem timeline: stages against objectives and forecasts, every table's times and checks, and"
            + " every status update sent. Also as .md and .html")
    ResponseEntity<String> report(@PathVariable String runId) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reportJson(runId));
    }

    @GetMapping(path = "/api/v1/plan-runs/{runId}/report.md", produces = "text/markdown")
    ResponseEntity<String> markdown(@PathVariable String runId) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/markdown;charset=UTF-8"))
                .body(PlanReports.markdown(PlanReports.fromJson(reportJson(runId))));
    }

    @GetMapping(path = "/api/v1/plan-runs/{runId}/report.html", produces = "text/html")
    ResponseEntity<String> html(@PathVariable String runId) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .body(PlanReports.html(PlanReports.fromJson(reportJson(runId))));
    }

    @DeleteMapping(path = "/api/v1/plan-runs/{runId}", produces = "application/json")
    @Operation(summary = "Cancel a plan run", description = "Needs the operator role for a drill, admin for an incident"
            + " run. The running tables stop and what they created is deleted; tables not started are skipped. Answers 202.")
    ResponseEntity<RunView> cancel(@PathVariable String runId, Authentication who, HttpServletRequest request) {
        RequestAudit.describe(request, "plan-run.cancel", Preflight.abbreviate(runId));
        PlanRunRecord r = record(runId);
        if (r.mode().equals("INCIDENT") && Role.highest(who.getAuthorities()).orElse(Role.VIEWER) != Role.ADMIN) {
            throw Refusal.forbidden("cancelling an incident run needs the admin role");
        }
        if (!r.running()) {
            throw Refusal.conflict("plan run " + runId + " is not running: it " + r.status().toLowerCase());
        }
        if (runs.live(runId).isEmpty()) {
            throw Refusal.conflict("plan run " + runId + " does not run in this replica; cancel it in the replica that"
                    + " started it");
        }
        var accepted = audit.accept(request);
        runs.cancel(runId, accepted.actor());
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(RunView.of(record(runId)));
    }

    private ResponseEntity<RunView> accepted(String runId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, "/api/v1/plan-runs/" + runId)
                .contentType(MediaType.APPLICATION_JSON).body(RunView.of(record(runId)));
    }

    private String reportJson(String runId) {
        PlanRunRecord r = record(runId);
        return catalog.planRunReport(runId).orElseThrow(() -> r.running()
                ? Refusal.conflict("plan run " + runId + " is still running; its report is written when it ends")
                : Refusal.notFound("plan run " + runId + " ended without a report: " + r.error()));
    }

    private PlanRunRecord record(String runId) {
        if (runId == null || !PLAN_RUN_ID.matcher(runId).matches()) {
            throw Refusal.badRequest("'" + Preflight.abbreviate(runId) + "' is not a plan run id; plan run ids look like"
                    + " plan-20261207t050000-9f3a61");
        }
        return catalog.planRun(runId).orElseThrow(() -> Refusal.notFound("no plan run '" + runId + "'"));
    }

    private PlanView view(String name) {
        RehearsalProperties.Plan plan = config.plans().get(name);
        List<StageView> stages = resolver.describe(name).stages().stream().map(s -> new StageView(s.name(),
                s.objective().toMillis() / 1000.0, s.concurrency(), s.patterns(), s.tables())).toList();
        return new PlanView(name, plan.drillCron(), plan.targetTemplate(), stages,
                runs.forecast(name).map(PlanForecasts.Result::view).orElse(null),
                catalog.planRuns(name, null, 10).stream().map(RunView::of).toList());
    }
}
