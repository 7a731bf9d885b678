package dev.rehearsal.dashboard.plans;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.PlanRunRecord;
import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.catalog.RestoreStatus;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.jobs.RunningRestores;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.metrics.DrillMetrics;
import dev.rehearsal.drill.metrics.PlanMetrics;
import dev.rehearsal.drill.plan.Mode;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanReports;
import dev.rehearsal.drill.plan.PlanRequest;
import dev.rehearsal.drill.plan.PlanResult;
import dev.rehearsal.drill.plan.PlanRunner;
import dev.rehearsal.drill.plan.PlanStage;
import dev.rehearsal.drill.plan.StageResult;
import dev.rehearsal.drill.plan.TableOutcome;
import dev.rehearsal.drill.plan.TableRun;
import dev.rehearsal.drill.plan.TableTask;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs recovery plans: plan drills (on each plan's cron, or asked for) into the sandbox, and
 * incident runs that restore every table of a plan for real. One drill and one incident run of a
 * plan at a time over every replica (a ShedLock lock each, held while the run goes); each run is
 * recorded in the catalog before its first table is touched and ends there with its report. A run
 * whose process died is found by its stale heartbeat and marked failed; the tables it was restoring
 * are recovered as any restore's are, and its sandboxes are the janitor's.
 */
public final class PlanRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlanRuns.class);
    /** A plan run outlives a process that died holding its lock by at most this long; recovery ends it sooner. */
    private static final Duration LOCK_AT_MOST = Duration.ofDays(3);
    /** Replicas firing the same cron tick a few seconds apart run it once. */
    private static final Duration SCHEDULED_AT_LEAST = Duration.ofSeconds(30);
    /** A running plan run whose heartbeat is older than this belongs to a process that died. */
    static final Duration STALE = Duration.ofSeconds(45);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final RehearsalProperties config;
    private final PlanResolver resolver;
    private final IncidentPlanner planner;
    private final PlanForecasts forecasts;
    private final Engines engines;
    private final Catalog catalog;
    private final DrillMetrics drillMetrics;
    private final PlanMetrics planMetrics;
    private final RehearsalJobs jobs;
    private final RunningRestores running;
    private final LockProvider locks;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final ScheduledExecutorService ticker;

    public PlanRuns(RehearsalProperties config, PlanResolver resolver, IncidentPlanner planner, PlanForecasts forecasts,
            Engines engines,
            Catalog catalog, DrillMetrics drillMetrics, PlanMetrics planMetrics, RehearsalJobs jobs, RunningRestores running,
            LockProvider locks, JdbcTemplate jdbc, AuditLog audit) {
        this.config = config;
        this.resolver = resolver;
        this.planner = planner;
        this.forecasts = forecasts;
        this.engines = engines;
        this.catalog = catalog;
        this.drillMetrics = drillMetrics;
        this.planMetrics = planMetrics;
        this.jobs = jobs;
        this.running = running;
        this.locks = locks;
        this.jdbc = jdbc;
        this.audit = audit;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rehearsal-plan-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rehearsal-plan-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers each plan's metrics and schedules its drills; says in one line per plan what runs when. */
    public void schedule(TaskScheduler scheduler) {
        config.plans().forEach((name, plan) -> {
            planMetrics.register(name, PlanResolver.objectives(plan));
            boolean drilled = plan.drillCron() != null && !plan.drillCron().isBlank();
            if (drilled) {
                scheduler.schedule(() -> scheduledDrill(name), new CronTrigger(plan.drillCron(),
                        TimeZone.getTimeZone(ZoneOffset.UTC)));
            }
            log.info("Plan '{}': {} stages, drills at '{}' (UTC)", name, plan.stages().size(),
                    drilled ? plan.drillCron() : "never");
        });
    }

    /** A cron tick of a plan's drill: runs it unless a drill of the plan runs already, here or in another replica. */
    void scheduledDrill(String plan) {
        Optional<SimpleLock> lock = locks.lock(new LockConfiguration(clock.instant(), "plan-drill:" + plan, LOCK_AT_MOST,
                SCHEDULED_AT_LEAST));
        if (lock.isEmpty()) {
            log.info("Skipping the scheduled drill of plan {}: one runs already", plan);
            audit.record("scheduler", null, "plan-drill.start", "plan/" + plan, "skipped: already running", null, "schedule");
            return;
        }
        try {
            List<PlanStage> stages = resolver.stages(plan);
            audit.record("scheduler", null, "plan-drill.start", "plan/" + plan, "started", null, "schedule");
            start(plan, Mode.DRILL, "schedule", stages, null, lock.get());
        } catch (RuntimeException e) {
            lock.get().unlock();
            log.warn("The scheduled drill of plan {} could not start: {}", plan, e.getMessage());
        }
    }

    /** Starts a drill of a plan now and returns the run's id; a 409 if one of the plan runs already. */
    public String drill(String plan, AuditLog.Accepted audited) {
        java.util.Objects.requireNonNull(audited, "audit entry");
        List<PlanStage> stages = resolver.stages(plan);
        SimpleLock lock = locks.lock(new LockConfiguration(clock.instant(), "plan-drill:" + plan, LOCK_AT_MOST, Duration.ZERO))
                .orElseThrow(() -> Refusal.conflict("a drill of plan '" + plan + "' runs already" + runningIn(plan, Mode.DRILL)));
        return start(plan, Mode.DRILL, audited.actor(), stages, null, lock);
    }

    /** What an incident run of the plan would do now, with its forecast; nothing is started. */
    public IncidentPlan dryRun(String plan, BackupChoice choice) {
        IncidentPlan p = planner.plan(plan, choice, clock.instant());
        return p.withForecast(forecast(plan).map(PlanForecasts.Result::view).orElse(null));
    }

    /** The plan's forecast now, from its tables' drills and sizes and its own past drills; empty if it cannot be resolved. */
    public Optional<PlanForecasts.Result> forecast(String plan) {
        try {
            return Optional.of(forecasts.forecast(plan, resolver.stages(plan)));
        } catch (RuntimeException e) {
            log.debug("No forecast of plan {}: {}", plan, e.getMessage());
            return Optional.empty();
        }
    }

    /** Recomputes every plan's forecast metrics; called with the coverage audit and after each plan drill. */
    public void refreshForecasts() {
        config.plans().keySet().forEach(name -> forecast(name)
                .ifPresent(f -> planMetrics.forecast(name, f.plan())));
    }

    /**
     * Starts an incident run: every table of the plan restored from the chosen backup into its
     * target, stage by stage. Refused (409, naming each table's problem) unless every table has a
     * backup and a free target; a 409 too if an incident run of the plan runs already.
     */
    public String incident(String plan, BackupChoice choice, AuditLog.Accepted audited) {
        java.util.Objects.requireNonNull(audited, "audit entry");
        IncidentPlan chosen = dryRun(plan, choice);
        if (!chosen.ready()) {
            throw Refusal.conflict("plan '" + plan + "' cannot start; nothing was restored: "
                    + String.join("; ", chosen.problems()));
        }
        SimpleLock lock = locks.lock(new LockConfiguration(clock.instant(), "plan-incident:" + plan, LOCK_AT_MOST,
                Duration.ZERO)).orElseThrow(() -> Refusal.conflict("an incident run of plan '" + plan + "' runs already"
                + runningIn(plan, Mode.INCIDENT)));
        List<PlanStage> stages = new ArrayList<>();
        for (IncidentPlan.Stage s : chosen.stages()) {
            stages.add(new PlanStage(s.name(), s.objective(), s.concurrency(),
                    s.tables().stream().map(t -> new TableId(t.source(), t.table())).toList()));
        }
        return start(plan, Mode.INCIDENT, audited.actor(), stages, chosen, lock);
    }

    /** Cancels a run this process runs; false if it runs nowhere here. */
    public boolean cancel(String runId, String actor) {
        LiveRun run = live.get(runId);
        if (run == null) {
            return false;
        }
        if (run.cancel(actor)) {
            log.info("Cancelling plan run {} of {} (asked by {})", runId, run.plan(), actor);
        }
        return true;
    }

    public Optional<LiveRun> live(String runId) {
        return Optional.ofNullable(live.get(runId));
    }

    private String runningIn(String plan, Mode mode) {
        return catalog.planRuns(plan, mode.name(), 5).stream().filter(PlanRunRecord::running).findFirst()
                .map(r -> " (run " + r.runId() + ", started " + r.startedAt() + " by " + r.requestedBy() + ")").orElse("");
    }

    private String start(String plan, Mode mode, String startedBy, List<PlanStage> stages, IncidentPlan chosen,
            SimpleLock lock) {
        Instant now = clock.instant();
        String runId = "plan-" + SandboxGuard.newDrillId(now);
        try {
            catalog.planRunStarted(runId, plan, mode.name(), startedBy, now);
            PlanForecasts.Result forecast = null;
            try {
                forecast = forecasts.forecast(plan, stages);
            } catch (RuntimeException e) {
                log.warn("Plan run {} starts without a forecast: {}", runId, e.toString());
            }
            LiveRun run = new LiveRun(runId, plan, mode, now, startedBy, longestFirst(stages, forecast));
            run.forecast(forecast);
            if (chosen != null) {
                chosen.stages().forEach(st -> st.tables().forEach(t -> run.chosen(new TableId(t.source(), t.table()),
                        t.backupId(), t.target())));
            }
            live.put(runId, run);
            threads.execute(() -> run(run, chosen, lock));
        } catch (RuntimeException e) {
            live.remove(runId);
            lock.unlock();
            throw e;
        }
        return runId;
    }

    private void run(LiveRun run, IncidentPlan chosen, SimpleLock lock) {
        run.attach(Thread.currentThread());
        Map<String, PlanReport.Forecast> forecasts = run.forecast() == null ? Map.of() : run.forecast().figures();
        RehearsalProperties.Plan plan = config.plans().get(run.plan());
        RunAnnouncements updates = plan.notifiers().isEmpty() ? null
                : new RunAnnouncements(run, plan.notifiers(), forecasts);
        if (updates != null) {
            run.listen(updates);
            updates.started();
        }
        try {
            TableTask task = run.mode() == Mode.DRILL ? new DrillTask(run) : new RestoreTask(run, chosen);
            PlanResult result = new PlanRunner().run(new PlanRequest(run.runId(), run.plan(), run.mode(), run.stages(), task,
                    run, clock));
            Thread.interrupted(); // a cancel's interrupt ends here: the catalog writes below must not see it
            PlanReport report = new PlanReport(result, run.startedBy(), run.cancelledBy(), forecasts, run.timeline());
            catalog.planRunFinished(run.runId(), result.outcome().name(),
                    result.recoveryTime() == null ? null : result.recoveryTime().toMillis(), error(result),
                    PlanReports.json(report), clock.instant());
            if (run.mode() == Mode.DRILL) {
                planMetrics.drillFinished(result);
                forecast(run.plan()).ifPresent(f -> planMetrics.forecast(run.plan(), f.plan()));
            }
            log.info("Plan {} {} {}: {}", run.plan(), run.mode() == Mode.DRILL ? "drill" : "recovery", run.runId(),
                    result.outcome() + (result.recoveryTime() == null ? "" : " in " + result.recoveryTime().toMillis() + " ms"));
            run.tickFinal(clock.instant(), result.outcome().name());
            live.remove(run.runId());
            if (updates != null) {
                // The last update goes out after the run is recorded (a slow receiver never holds the
                // record back); the report's timeline is then completed with its delivery attempts.
                updates.finish(run.current());
                catalog.planRunReport(run.runId(), PlanReports.json(new PlanReport(result, run.startedBy(),
                        run.cancelledBy(), forecasts, run.timeline())));
            }
        } catch (RuntimeException e) {
            Thread.interrupted();
            log.warn("Plan run {} of {} failed: {}", run.runId(), run.plan(), e.toString());
            catalog.planRunFinished(run.runId(), PlanResult.Outcome.FAILED.name(), null,
                    e.getMessage() == null ? e.toString() : e.getMessage(), null, clock.instant());
            run.tickFinal(clock.instant(), PlanResult.Outcome.FAILED.name());
            live.remove(run.runId());
        } finally {
            if (updates != null) {
                updates.close();
            }
            live.remove(run.runId());
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                log.warn("The lock of plan run {} could not be released: {}", run.runId(), e.toString());
            }
        }
    }

    /**
     * Each stage's tables in the order they start: longest forecast first (a table never drilled
     * counts as longest, since nothing says it is short), so that the stage ends as early as its
     * slots allow; this is the schedule the forecast assumes. Without a forecast, as configured.
     */
    static List<PlanStage> longestFirst(List<PlanStage> stages, PlanForecasts.Result forecast) {
        if (forecast == null) {
            return stages;
        }
        java.util.function.ToDoubleFunction<TableId> seconds = t -> {
            PlanForecasts.TableForecast f = forecast.tables().get(t);
            return f == null || f.estimate() == null ? Double.POSITIVE_INFINITY : f.estimate().seconds();
        };
        return stages.stream().map(s -> new PlanStage(s.name(), s.objective(), s.concurrency(), s.tables().stream()
                .sorted(java.util.Comparator.comparingDouble(seconds).reversed()).toList())).toList();
    }

    /** What did not verify, one clause per table, for the run's record. */
    private static String error(PlanResult r) {
        List<String> bad = new ArrayList<>();
        for (StageResult s : r.stages()) {
            for (TableRun t : s.tables()) {
                if (!t.outcome().verified()) {
                    bad.add(t.table() + " " + t.outcome().status().name().toLowerCase()
                            + (t.outcome().errors().isEmpty() ? "" : ": " + String.join("; ", t.outcome().errors())));
                }
            }
        }
        return bad.isEmpty() ? null : String.join(" | ", bad);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            live.values().forEach(run -> run.tick(now));
        } catch (RuntimeException e) {
            log.warn("Plan progress could not be updated: {}", e.toString());
        }
    }

    /** Marks this process's plan runs as alive, and ends those whose process died. Called with the daemon's heartbeat. */
    public void heartbeat() {
        Instant now = clock.instant();
        catalog.planRunsAlive(live.keySet(), now);
        for (PlanRunRecord r : catalog.stalePlanRuns(now.minus(STALE))) {
            if (live.containsKey(r.runId())) {
                continue;
            }
            String why = "the daemon running this plan stopped (last seen " + r.heartbeatAt() + ")";
            if (catalog.planRunFinished(r.runId(), PlanResult.Outcome.FAILED.name(), null, why, null, now)) {
                jdbc.update("UPDATE shedlock SET lock_until = locked_at WHERE name = ?",
                        (r.mode().equals(Mode.DRILL.name()) ? "plan-drill:" : "plan-incident:") + r.plan());
                log.warn("Plan run {} of {} failed with its process: {}", r.runId(), r.plan(), why);
            }
        }
    }

    /**
     * On shutdown, running plans are cancelled and given a while to dispose of what they created
     * (sandboxes, half-loaded tables) while the engines and the catalog are still open; what is left
     * after that is recovered by the next start, as after a crash.
     */
    @Override
    public void close() {
        ticker.shutdownNow();
        live.values().forEach(run -> run.cancel("shutdown"));
        threads.shutdown();
        try {
            if (!threads.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Plan runs still running after {} s of shutdown: {}", SHUTDOWN_WAIT.toSeconds(), live.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LiveRun.Progress progress(RestoreProgress.Snapshot s) {
        return new LiveRun.Progress(s.phase() == null ? null : s.phase().label(), s.items(), s.totalItems(), s.percent(),
                s.itemsPerSecond(), s.itemsPerSecond() > 0 ? s.items() / s.itemsPerSecond() : 0);
    }

    /** A plan drill's table: the table's own drill, as its policy asks for it, recorded as a drill of the run. */
    private final class DrillTask implements TableTask {
        private final LiveRun run;

        DrillTask(LiveRun run) {
            this.run = run;
        }

        @Override
        public TableOutcome run(TableId table, PlanStage stage) throws InterruptedException {
            RestoreProgress progress = new RestoreProgress();
            String drillId = SandboxGuard.newDrillId(clock.instant());
            run.progressOf(table, () -> progress(progress.snapshot()), drillId);
            DrillResult r = DrillRunner.withDrillId(drillId).run(jobs.drillRequest(table.source(), table.table(),
                    null).withProgress(progress));
            boolean interrupted = Thread.interrupted(); // kept from the catalog's writes, given back after
            try {
                catalog.drillFinished(r, run.runId());
                drillMetrics.drillFinished(r);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            TableOutcome.Status status = switch (r.outcome()) {
                case PASSED -> TableOutcome.Status.VERIFIED;
                case FAILED -> TableOutcome.Status.FAILED;
                case ERROR -> TableOutcome.Status.ERROR;
            };
            return new TableOutcome(status, r.drillId(), r.backupId(),
                    r.backupId() == null ? null : BackupId.parse(r.backupId()).time(), r.sandboxTable(), r.items(),
                    r.bytes(), r.recoveryTime(), r.phases(), r.checks(), r.errors(),
                    r.sandboxTable() == null ? "no sandbox table was created" : "sandbox table '" + r.sandboxTable()
                            + "' deleted after the drill");
        }
    }

    /**
     * An incident run's table: a restore of the chosen backup into the chosen target, run as the
     * daemon's restore job (recorded, streamed and, after a crash, recovered as any restore), tied
     * to the run. A cancel goes through the restore's own cancel, never a stray interrupt.
     */
    private final class RestoreTask implements TableTask {
        private final LiveRun run;
        private final Map<TableId, IncidentPlan.Table> chosen = new ConcurrentHashMap<>();
        private final Map<TableId, String> restoreIds = new ConcurrentHashMap<>();

        RestoreTask(LiveRun run, IncidentPlan plan) {
            this.run = run;
            plan.stages().forEach(s -> s.tables().forEach(t -> chosen.put(new TableId(t.source(), t.table()), t)));
        }

        @Override
        public TableOutcome run(TableId table, PlanStage stage) {
            IncidentPlan.Table t = chosen.get(table);
            String restoreId = SandboxGuard.newDrillId(clock.instant());
            catalog.restoreRequested(restoreId, table.source(), table.table(), t.backupId(), t.target(), false,
                    run.startedBy() + " (plan " + run.plan() + ", run " + run.runId() + ")", clock.instant());
            catalog.restoreInPlanRun(restoreId, run.runId());
            RunningRestores.Run restore = running.start(catalog.restore(restoreId).orElseThrow());
            restoreIds.put(table, restoreId);
            run.progressOf(table, () -> progress(restore.progress().snapshot()), restoreId);
            if (run.cancelRequested()) {
                running.cancel(restoreId);
            }
            try {
                jobs.restore(restoreId, table.source(), table.table(), t.backupId(), t.target(), false);
            } catch (Exception e) {
                log.warn("Restore {} of {} (plan run {}) could not run: {}", restoreId, table, run.runId(), e.toString());
                if (catalog.restore(restoreId).map(RestoreRecord::running).orElse(false)) {
                    catalog.restoreFinished(restoreId, RestoreStatus.FAILED, null, e.getMessage(), clock.instant());
                }
            } finally {
                running.finished(restoreId);
            }
            RestoreRecord r = catalog.restore(restoreId).orElseThrow();
            TableOutcome.Status status = switch (r.status()) {
                case SUCCEEDED -> TableOutcome.Status.VERIFIED;
                case CANCELLED -> TableOutcome.Status.CANCELLED;
                default -> r.recoveryMs() == null && r.items() == 0 ? TableOutcome.Status.ERROR : TableOutcome.Status.FAILED;
            };
            String disposal = switch (status) {
                case VERIFIED -> "restored and verified into '" + r.target() + "'";
                default -> r.partialTable() != null ? "partial table '" + r.partialTable() + "' left, marked partial"
                        : "nothing left: the table it created was deleted";
            };
            return new TableOutcome(status, restoreId, t.backupId(), t.backupTakenAt(), r.target(), r.items(), 0,
                    r.recoveryMs() == null ? null : Duration.ofMillis(r.recoveryMs()), Map.of(), List.of(),
                    r.error() == null ? List.of() : List.of(r.error()), disposal);
        }

        @Override
        public void cancel(TableId table, Thread runner) {
            String restoreId = restoreIds.get(table);
            if (restoreId != null) {
                running.cancel(restoreId);
            }
        }
    }
}
