package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.PlanRunRecord;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.notify.NotifierSettings;
import dev.rehearsal.dashboard.plans.BackupChoice;
import dev.rehearsal.dashboard.plans.IncidentPlan;
import dev.rehearsal.dashboard.plans.PlanResolver;
import dev.rehearsal.dashboard.plans.PlanRuns;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Recovery plans for a person: {@code /plans} lists them with their last drill, {@code /plans/{plan}}
 * shows one with its runs and starts a drill of it (operator), and, for admins, the incident section:
 * a dry run of the chosen backups ({@code /plans/{plan}/incident}) and the real recovery. Every start
 * goes through {@link PlanRuns} with an accepted audit entry, as the API's do; the security chain
 * holds the role rules, this class only hides what a role may not use.
 */
@Controller
class PlansPageController {

    static final int RECENT_RUNS = 20;

    /**
     * A plan as configured, its stages resolved to the tables they name now.
     *
     * @param unresolved why the stages could not be resolved now (a stage names no covered table), or null
     * @param lastDrill  the newest finished drill of the plan, or null
     * @param running    a run of the plan in progress, or null
     */
    record PlanView(String name, String drillCron, String targetTemplate, List<StageView> stages, String unresolved,
            PlanRunRecord lastDrill, PlanRunRecord running, List<NotifierView> notifiers) {
    }

    record StageView(String name, Duration objective, int concurrency, List<String> patterns, List<String> tables) {
    }

    /** A receiver of the plan's status updates, without its secret or the URL's path (Slack's holds a token). */
    record NotifierView(String name, String type, String host, boolean drills) {
    }

    private final RehearsalProperties config;
    private final PlanResolver resolver;
    private final PlanRuns runs;
    private final Catalog catalog;
    private final RequestAudit audit;

    PlansPageController(RehearsalProperties config, PlanResolver resolver, PlanRuns runs, Catalog catalog,
            RequestAudit audit) {
        this.config = config;
        this.resolver = resolver;
        this.runs = runs;
        this.catalog = catalog;
        this.audit = audit;
    }

    @GetMapping("/plans")
    String plans(Model model) {
        model.addAttribute("plans", config.plans().keySet().stream().sorted().map(this::view).toList());
        model.addAttribute("sandboxConfigured", config.sandbox() != null);
        return "plans";
    }

    @GetMapping("/plans/{plan}")
    String plan(@PathVariable String plan, Model model) {
        model.addAttribute("p", view(known(plan)));
        model.addAttribute("runs", catalog.planRuns(plan, null, RECENT_RUNS));
        model.addAttribute("sandboxConfigured", config.sandbox() != null);
        return "plan";
    }

    /** "Drill this plan now" (operator): the API's {@code POST /api/v1/plans/{plan}/drills}, from a form. */
    @PostMapping("/plans/{plan}/drills")
    String drill(@PathVariable String plan, HttpServletRequest request) {
        RequestAudit.describe(request, "plan-drill.start", "plan/" + Preflight.abbreviate(plan));
        resolver.plan(plan);
        String runId = runs.drill(plan, audit.accept(request));
        RequestAudit.outcome(request, "202 started " + runId);
        return "redirect:/plan-runs/" + runId;
    }

    /**
     * The dry run (admin): what a recovery would restore now, table by table, and from which backup.
     * {@code before} counts only with {@code backups=before}, so that a time left in the form's field
     * while another choice is picked is not an error.
     */
    @GetMapping("/plans/{plan}/incident")
    String dryRun(@PathVariable String plan, @RequestParam(required = false) String backups,
            @RequestParam(required = false) String before, Model model) {
        known(plan);
        BackupChoice choice = BackupChoice.parse(backups, "before".equalsIgnoreCase(backups) ? before : null);
        IncidentPlan dry = runs.dryRun(plan, choice);
        model.addAttribute("p", view(plan));
        model.addAttribute("dry", dry);
        model.addAttribute("chosen", choice.kind().name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("before", choice.before() == null ? (before == null ? "" : before) : choice.before().toString());
        Map<String, Double> ages = new java.util.HashMap<>();
        dry.stages().forEach(s -> s.tables().stream().filter(t -> t.backupTakenAt() != null).forEach(t -> ages.put(
                t.source() + "/" + t.table(), Duration.between(t.backupTakenAt(), dry.at()).toMillis() / 1000.0)));
        model.addAttribute("ages", ages);
        return "plan-incident";
    }

    /** "Start recovery" (admin, by the security chain): the API's {@code POST /api/v1/plans/{plan}/incidents}. */
    @PostMapping("/plans/{plan}/incidents")
    String incident(@PathVariable String plan, @RequestParam(required = false) String backups,
            @RequestParam(required = false) String before, HttpServletRequest request) {
        String chosenBefore = "before".equalsIgnoreCase(backups) ? before : null;
        RequestAudit.describe(request, "plan-incident.start", "plan/" + Preflight.abbreviate(plan)
                + (chosenBefore == null ? "" : " before " + Preflight.abbreviate(chosenBefore))
                + (backups == null ? "" : " backups=" + Preflight.abbreviate(backups)));
        resolver.plan(plan);
        BackupChoice choice = BackupChoice.parse(backups, chosenBefore);
        String runId = runs.incident(plan, choice, audit.accept(request));
        RequestAudit.outcome(request, "202 started " + runId);
        return "redirect:/plan-runs/" + runId;
    }

    private String known(String plan) {
        if (!config.plans().containsKey(plan)) {
            throw new PageNotFound("There is no plan '" + Preflight.abbreviate(plan) + "'. Configured plans: "
                    + (config.plans().isEmpty() ? "none" : String.join(", ", config.plans().keySet().stream().sorted()
                            .toList())) + ".");
        }
        return plan;
    }

    private PlanView view(String name) {
        RehearsalProperties.Plan plan = config.plans().get(name);
        PlanResolver.Described described = resolver.describe(name);
        String unresolved = described.unresolved();
        List<StageView> stages = described.stages().stream().map(s -> new StageView(s.name(), s.objective(),
                s.concurrency(), s.patterns(), s.tables())).toList();
        List<PlanRunRecord> recent = catalog.planRuns(name, null, 10);
        PlanRunRecord lastDrill = catalog.planRuns(name, "DRILL", 10).stream().filter(r -> !r.running()).findFirst()
                .orElse(null);
        PlanRunRecord running = recent.stream().filter(PlanRunRecord::running).findFirst().orElse(null);
        List<NotifierView> notifiers = new ArrayList<>();
        for (Map.Entry<String, NotifierSettings> n : new java.util.TreeMap<>(plan.notifiers()).entrySet()) {
            NotifierSettings s = n.getValue();
            String host = s.url() == null || s.url().getHost() == null ? "?"
                    : s.url().getPort() < 0 ? s.url().getHost() : s.url().getHost() + ":" + s.url().getPort();
            notifiers.add(new NotifierView(n.getKey(), s.type(), host, s.drills()));
        }
        return new PlanView(name, plan.drillCron(), plan.targetTemplate(), stages, unresolved, lastDrill, running,
                notifiers);
    }
}
