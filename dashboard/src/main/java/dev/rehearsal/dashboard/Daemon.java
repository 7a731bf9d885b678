package dev.rehearsal.dashboard;

import dev.rehearsal.core.TableId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreStatus;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.metrics.CoverageMetrics;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.plans.PlanRuns;
import dev.rehearsal.drill.pipeline.Target;
import dev.rehearsal.drill.pipeline.VerifiedRestore;
import dev.rehearsal.drill.restore.Leftover;
import dev.rehearsal.dashboard.metrics.BackupMetrics;
import dev.rehearsal.drill.drill.Janitor;
import dev.rehearsal.drill.metrics.DrillMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.Set;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Starts the daemon's work once the application is up: recovers jobs a killed process left
 * running, registers every covered table's metrics, schedules backups and drills from the
 * policies, and says in a few lines where data lives and what runs when.
 */
@Component
class Daemon implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** Sandboxes older than this, marked as Rehearsal's, are left over (a crashed drill, or a restore kept for inspection). */
    private static final Duration JANITOR_MIN_AGE = Duration.ofHours(6);
    /** An execution whose heartbeat is older than this belongs to a process that died. */
    private static final Duration STALE = Duration.ofSeconds(45);
    /** How often coverage metrics are recomputed from the catalog between audits of the sources. */
    private static final Duration COVERAGE_METRICS = Duration.ofSeconds(15);
    private volatile List<String> lastUncovered = List.of();

    private final RehearsalProperties config;
    private final Engines engines;
    private final RehearsalJobs jobs;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final BackupMetrics backupMetrics;
    private final DrillMetrics drillMetrics;
    private final ThreadPoolTaskScheduler scheduler;
    private final Environment environment;
    private final Catalog catalog;
    private final CoverageAudit coverage;
    private final CoverageMetrics coverageMetrics;
    private final PlanRuns plans;

    Daemon(RehearsalProperties config, Engines engines, RehearsalJobs jobs, JobRepository jobRepository,
            JobOperator jobOperator, BackupMetrics backupMetrics, DrillMetrics drillMetrics,
            ThreadPoolTaskScheduler rehearsalScheduler, Environment environment, Catalog catalog, CoverageAudit coverage,
            CoverageMetrics coverageMetrics, PlanRuns plans) {
        this.plans = plans;
        this.coverage = coverage;
        this.coverageMetrics = coverageMetrics;
        this.catalog = catalog;
        this.config = config;
        this.engines = engines;
        this.jobs = jobs;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.backupMetrics = backupMetrics;
        this.drillMetrics = drillMetrics;
        this.scheduler = rehearsalScheduler;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        scheduler.scheduleAtFixedRate(jobs::heartbeat, HEARTBEAT);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                plans.heartbeat();
            } catch (RuntimeException e) {
                log.warn("Plan runs could not be marked alive: {}", e.toString());
            }
        }, HEARTBEAT);
        engines.sandboxes().values().forEach(sandbox -> {
            Janitor janitor = new Janitor(sandbox.sink(), sandbox.guard(), JANITOR_MIN_AGE, java.time.Clock.systemUTC());
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    janitor.sweep();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.warn("The sandbox janitor could not finish: {}", e.toString());
                }
            }, Duration.ofMinutes(30));
        });
        scheduler.scheduleAtFixedRate(() -> {
            int pruned = catalog.prune(Instant.now().minus(config.historyRetention()));
            if (pruned > 0) {
                log.info("Pruned {} catalog records older than {}", pruned, config.historyRetention());
            }
        }, Duration.ofHours(6));
        scheduler.scheduleWithFixedDelay(this::recoverInterruptedJobs, Instant.now().plus(HEARTBEAT), HEARTBEAT);
        auditCoverage(true);
        scheduler.scheduleWithFixedDelay(() -> auditCoverage(true), Instant.now().plus(config.coverageInterval()),
                config.coverageInterval());
        Duration metricsEvery = config.coverageInterval().compareTo(COVERAGE_METRICS) < 0 ? config.coverageInterval()
                : COVERAGE_METRICS;
        scheduler.scheduleWithFixedDelay(() -> auditCoverage(false), Instant.now().plus(metricsEvery), metricsEvery);
        Map<String, List<String>> tables = engines.listTables(new LinkedHashMap<>());
        List<String> plan = new ArrayList<>();
        for (var source : tables.entrySet()) {
            for (String table : source.getValue()) {
                engines.policyFor(source.getKey(), table).ifPresent(p -> {
                    schedule(source.getKey(), table, p.getKey(), p.getValue());
                    plan.add(table + " (" + p.getKey() + ")");
                });
            }
        }
        engines.stores().forEach((name, store) -> log.info("Store '{}': backups are written to {}", name, store.name()));
        log.info("Catalog and job repository: {}", environment.getProperty("spring.datasource.url", "(default)"));
        log.info("Covered tables: {}", plan.isEmpty() ? "none" : String.join(", ", plan));
        config.policies().forEach((name, p) -> log.info("Policy '{}': backups at '{}', drills at '{}' (UTC){}", name,
                p.backupCron(), p.drillCron() == null ? "never" : p.drillCron(), p.runOnStart() ? ", and once now" : ""));
        plans.schedule(scheduler);
        recoverInterruptedJobs();
    }

    /**
     * Updates the coverage metrics from the catalog; with {@code askSources}, first asks the sources
     * again for their tables, sizes and protection. Logs the tables nothing protects when that changes.
     */
    private void auditCoverage(boolean askSources) {
        try {
            if (askSources) {
                coverage.refresh();
                plans.refreshForecasts();
            }
            List<TableStatus> tables;
            // Two audits run on separate schedules: reading the catalog and publishing happen under one lock,
            // so an older reading is never published over a newer one, metric by metric.
            synchronized (coverageMetrics) {
                tables = coverage.tables();
                coverageMetrics.update(tables);
            }
            List<String> uncovered = tables.stream().filter(t -> t.coverage() == TableStatus.Coverage.UNCOVERED)
                    .map(t -> new TableId(t.source(), t.table()).toString()).toList();
            if (askSources && !uncovered.equals(lastUncovered)) {
                if (!uncovered.isEmpty()) {
                    log.warn("Tables with no policy and not excluded (no backups): {}", String.join(", ", uncovered));
                }
                lastUncovered = uncovered;
            }
        } catch (RuntimeException e) {
            log.warn("The coverage audit could not finish: {}", e.toString());
        }
    }

    private void schedule(String source, String table, String policyName, RehearsalProperties.Policy p) {
        backupMetrics.register(source, table, p.rpo());
        drillMetrics.register(source, table, p.rto());
        newestBackup(source, table, p);
        scheduler.schedule(() -> jobs.scheduledBackup(source, table, tick()),
                new CronTrigger(p.backupCron(), TimeZone.getTimeZone(ZoneOffset.UTC)));
        if (p.drillCron() != null && !p.drillCron().isBlank()) {
            scheduler.schedule(() -> jobs.scheduledDrill(source, table, tick()),
                    new CronTrigger(p.drillCron(), TimeZone.getTimeZone(ZoneOffset.UTC)));
        }
        if (p.runOnStart()) {
            scheduler.execute(() -> {
                jobs.backup(source, table, "start-up");
                if (p.drillCron() != null && !p.drillCron().isBlank()) {
                    jobs.drill(source, table, "start-up");
                }
            });
        }
    }

    /** The cron tick being run: triggers fire on whole seconds, so every replica computes the same one. */
    private static long tick() {
        return Instant.now().getEpochSecond();
    }

    /** Tells the metrics how old the newest committed backup is, so that backup age is right from start-up. */
    private void newestBackup(String source, String table, RehearsalProperties.Policy p) {
        try {
            new BackupRepository(engines.store(p.store())).newest(source, table)
                    .map(BackupRef::id)
                    .ifPresent(id -> drillMetrics.newestBackup(source, table, id.time()));
        } catch (Exception e) {
            log.warn("Cannot list backups of {}/{} in store '{}': {}", source, table, p.store(), e.toString());
        }
    }

    /**
     * Executions marked running whose heartbeat stopped belong to a process that died (kill -9, OOM,
     * a lost node). Each is marked failed and its lock released; a backup's unfinished attempt, which
     * never has a manifest, is removed and the backup runs again.
     */
    private synchronized void recoverInterruptedJobs() {
        LocalDateTime staleBefore = LocalDateTime.now().minus(STALE);
        Set<Long> mine = jobs.runningHere();
        for (String job : RehearsalJobs.PART_JOBS) {
            for (JobExecution e : jobRepository.findRunningJobExecutions(job)) {
                LocalDateTime seen = e.getLastUpdated() != null ? e.getLastUpdated() : e.getCreateTime();
                if (!mine.contains(e.getId()) && (seen == null || !seen.isAfter(staleBefore))) {
                    // The restore or drill that launched it is recovered on its own, below.
                    jobOperator.recover(e);
                    jobs.recovered(e.getId());
                    log.warn("Recovered {} (execution {}): its process stopped at {}", job, e.getId(), seen);
                }
            }
        }
        for (String job : List.of(RehearsalJobs.BACKUP_JOB, RehearsalJobs.DRILL_JOB, RehearsalJobs.RESTORE_JOB)) {
            for (JobExecution e : jobRepository.findRunningJobExecutions(job)) {
                LocalDateTime seen = e.getLastUpdated() != null ? e.getLastUpdated() : e.getCreateTime();
                if (mine.contains(e.getId()) || (seen != null && seen.isAfter(staleBefore))) {
                    continue;
                }
                String source = e.getJobParameters().getString("source");
                String table = e.getJobParameters().getString("table");
                jobOperator.recover(e);
                jobs.recovered(e.getId());
                log.warn("Recovered {} of {}/{} (execution {}): its process stopped at {}", job, source, table,
                        e.getId(), seen);
                if (job.equals(RehearsalJobs.RESTORE_JOB)) {
                    recoverRestore(e);
                    continue; // restores hold no ShedLock lock; their sandboxes are the janitor's
                }
                String what = job.equals(RehearsalJobs.BACKUP_JOB) ? "backup" : "drill";
                jobs.expireLock(what, source, table);
                if (what.equals("backup") && source != null && table != null) {
                    discardIncomplete(source, table);
                    log.info("Running the backup of {}/{} again", source, table);
                    scheduler.execute(() -> jobs.backup(source, table, "recovery"));
                }
            }
        }
    }

    /**
     * A restore whose process died is recorded as failed; a new table it had created outside the
     * sandbox is deleted (or kept partial, if the request asked) as a failed restore's would be, so
     * that nothing half-loaded is left looking restored.
     */
    private void recoverRestore(JobExecution e) {
        String restoreId = e.getJobParameters().getString("restoreId");
        String source = e.getJobParameters().getString("source");
        String newTable = e.getJobParameters().getString("newTable");
        String words = "the daemon running this restore stopped (execution " + e.getId() + ")";
        String partial = null;
        if (newTable != null && source != null) {
            try {
                Leftover left = VerifiedRestore.abandoned(engines.recoverySink(source), new Target.NewTable(newTable,
                        engines.ledger(), Boolean.parseBoolean(e.getJobParameters().getString("keepPartial"))), restoreId);
                words += "; " + left.words();
                partial = left.partialTable();
            } catch (RuntimeException ex) {
                words += "; its new table '" + newTable + "' could not be checked: " + ex.getMessage();
                partial = newTable;
            }
        }
        catalog.restoreFinished(restoreId, RestoreStatus.FAILED, null, words, partial, Instant.now());
        log.warn("Restore {} failed with its process: {}", restoreId, words);
    }

    private void discardIncomplete(String source, String table) {
        engines.policyFor(source, table).ifPresent(p -> {
            BackupRepository repository = new BackupRepository(engines.store(p.getValue().store()));
            try {
                for (BackupRef ref : repository.discardAllIncomplete(source, table)) {
                    log.info("Removed the unfinished backup attempt {}", ref);
                }
            } catch (Exception ex) {
                log.warn("Could not remove unfinished backups of {}/{}: {}", source, table, ex.toString());
            }
        });
    }

}
