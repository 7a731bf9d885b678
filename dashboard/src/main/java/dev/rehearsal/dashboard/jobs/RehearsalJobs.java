package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ReadLimit;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.RetentionPlan;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.metrics.BackupMetrics;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.metrics.DrillMetrics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * The backup and drill jobs, and the one way to launch them. A job for a table that is already
 * running, in this process or (through the job repository) in another replica, is not started again.
 */
public final class RehearsalJobs {

    public static final String BACKUP_JOB = "rehearsal-backup";
    public static final String DRILL_JOB = "rehearsal-drill";

    private static final Logger log = LoggerFactory.getLogger(RehearsalJobs.class);

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final Engines engines;
    private final RehearsalProperties config;
    private final Catalog catalog;
    private final BackupMetrics backupMetrics;
    private final DrillMetrics drillMetrics;
    private final Job backupJob;
    private final Job drillJob;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private final JdbcTemplate jdbc;

    public RehearsalJobs(JobRepository jobRepository, JobOperator jobOperator, PlatformTransactionManager tx,
            Engines engines, RehearsalProperties config, Catalog catalog, BackupMetrics backupMetrics,
            DrillMetrics drillMetrics, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.engines = engines;
        this.config = config;
        this.catalog = catalog;
        this.backupMetrics = backupMetrics;
        this.drillMetrics = drillMetrics;
        JobExecutionListener tracking = new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                runningHere.add(execution.getId());
            }

            @Override
            public void afterJob(JobExecution execution) {
                runningHere.remove(execution.getId());
            }
        };
        this.backupJob = new JobBuilder(BACKUP_JOB, jobRepository)
                .listener(tracking)
                .start(new StepBuilder("backup", jobRepository).tasklet((contribution, chunk) -> {
                    Map<String, Object> p = chunk.getStepContext().getJobParameters();
                    backup((String) p.get("source"), (String) p.get("table"));
                    return RepeatStatus.FINISHED;
                }, tx).build())
                .build();
        this.drillJob = new JobBuilder(DRILL_JOB, jobRepository)
                .listener(tracking)
                .start(new StepBuilder("drill", jobRepository).tasklet((contribution, chunk) -> {
                    Map<String, Object> p = chunk.getStepContext().getJobParameters();
                    DrillResult r = drill((String) p.get("source"), (String) p.get("table"));
                    contribution.setExitStatus(new ExitStatus(r.outcome().name(), String.join("; ", r.errors())));
                    return RepeatStatus.FINISHED;
                }, tx).build())
                .build();
    }

    /** Starts a backup of a table now, in the calling thread; empty if one is already running. */
    public Optional<JobExecution> backup(String source, String table, String trigger) {
        return launch(backupJob, source, table, trigger, System.currentTimeMillis());
    }

    /**
     * Starts the backup of one cron tick. The tick is part of the job instance's identity, so that
     * replicas firing the same tick create one instance between them: the second is refused.
     */
    public Optional<JobExecution> scheduledBackup(String source, String table, long tickEpochSecond) {
        return launch(backupJob, source, table, "schedule", tickEpochSecond * 1000);
    }

    /** Starts a drill of a table now, in the calling thread; empty if one is already running. */
    public Optional<JobExecution> drill(String source, String table, String trigger) {
        return launch(drillJob, source, table, trigger, System.currentTimeMillis());
    }

    /** Starts the drill of one cron tick; see {@link #scheduledBackup}. */
    public Optional<JobExecution> scheduledDrill(String source, String table, long tickEpochSecond) {
        return launch(drillJob, source, table, "schedule", tickEpochSecond * 1000);
    }

    private Optional<JobExecution> launch(Job job, String source, String table, String trigger, long run) {
        String key = job.getName() + "/" + source + "/" + table;
        if (!inFlight.add(key) || runningElsewhere(job.getName(), source, table)) {
            inFlight.remove(key);
            log.info("Skipping {} of {}/{} ({}): one is already running", job.getName(), source, table, trigger);
            return Optional.empty();
        }
        try {
            JobExecution execution = jobOperator.start(job, new JobParametersBuilder()
                    .addString("source", source)
                    .addString("table", table)
                    .addString("trigger", trigger, false)
                    .addLong("run", run)
                    .toJobParameters());
            return Optional.of(execution);
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException
                 | org.springframework.batch.core.launch.JobExecutionAlreadyRunningException e) {
            log.info("Skipping {} of {}/{} ({}): another replica ran this one", job.getName(), source, table, trigger);
            return Optional.empty();
        } catch (Exception e) {
            log.warn("Could not start {} of {}/{}: {}", job.getName(), source, table, e.toString());
            return Optional.empty();
        } finally {
            inFlight.remove(key);
        }
    }

    /** Executions this process is running now. */
    public Set<Long> runningHere() {
        return Set.copyOf(runningHere);
    }

    /**
     * Marks this process's running executions as alive. A job step can run for hours without
     * touching the job repository; the heartbeat lets other processes tell a live execution from
     * one whose process died.
     */
    public void heartbeat() {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        for (Long id : runningHere) {
            jdbc.update("UPDATE BATCH_JOB_EXECUTION SET LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ?", now, id);
        }
    }

    private boolean runningElsewhere(String job, String source, String table) {
        return jobRepository.findRunningJobExecutions(job).stream().anyMatch(e -> e.getStatus() == BatchStatus.STARTED
                && source.equals(e.getJobParameters().getString("source"))
                && table.equals(e.getJobParameters().getString("table")));
    }

    private BackupResult backup(String source, String table) throws Exception {
        var policy = engines.policyFor(source, table).orElseThrow(() -> new IllegalStateException(
                "no policy covers table '" + table + "' of source '" + source + "'"));
        BackupStore store = engines.store(policy.getValue().store());
        try {
            BackupResult r = new BackupRunner().run(BackupRequest.of(engines.source(source), table, store)
                    .withScan(ScanOptions.defaults().withReadLimit(ReadLimit.itemsPerSecond(policy.getValue().readLimit()))));
            catalog.backupCommitted(policy.getValue().store(), r);
            backupMetrics.succeeded(r);
            drillMetrics.newestBackup(source, table, r.ref().id().time());
            applyRetention(source, table, policy.getValue(), new BackupRepository(store));
            return r;
        } catch (Exception e) {
            backupMetrics.failed(source, table);
            throw e;
        }
    }

    /**
     * Deletes the backups the policy's retention no longer keeps. Never the newest, nor the newest
     * verified one; a failure here is logged and leaves the backup job's success untouched.
     */
    private void applyRetention(String source, String table, RehearsalProperties.Policy policy, BackupRepository repository) {
        RehearsalProperties.Retention r = policy.retention();
        RetentionPlan plan = new RetentionPlan(r.keepLast(), r.daily(), r.weekly(), r.monthly());
        try {
            Optional<BackupRef> verified = catalog.newestVerifiedBackup(source, table)
                    .map(id -> new BackupRef(source, table, BackupId.parse(id)));
            for (BackupRef expired : plan.expired(repository.committed(source, table), verified)) {
                repository.deleteExpired(expired);
                catalog.backupDeleted(source, table, expired.id().value());
                log.info("Retention deleted backup {} from {}", expired, repository.store().name());
            }
        } catch (Exception e) {
            log.warn("Retention of {}/{} in {} failed; nothing more was deleted: {}", source, table,
                    repository.store().name(), e.toString());
        }
    }

    private DrillResult drill(String source, String table) throws InterruptedException {
        var policy = engines.policyFor(source, table).orElseThrow(() -> new IllegalStateException(
                "no policy covers table '" + table + "' of source '" + source + "'"));
        RehearsalProperties.Policy p = policy.getValue();
        var sandbox = engines.sandbox().orElseThrow(() -> new IllegalStateException(
                "rehearsal.sandbox is not configured; drills need a sandbox"));
        DrillResult r = new DrillRunner().run(DrillRequest.of(source, table, new BackupRepository(engines.store(p.store())),
                sandbox, engines.guard().orElseThrow()).withSpotChecks(p.spotChecks()));
        catalog.drillFinished(r);
        drillMetrics.drillFinished(r);
        if (r.outcome() == Outcome.ERROR) {
            log.warn("Drill {} of {}/{} could not reach a verdict", r.drillId(), source, table);
        }
        return r;
    }

    RehearsalProperties config() {
        return config;
    }
}
