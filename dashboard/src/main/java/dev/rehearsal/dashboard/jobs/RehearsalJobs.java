package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.store.BackupRepository;
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
import org.springframework.transaction.PlatformTransactionManager;

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

    public RehearsalJobs(JobRepository jobRepository, JobOperator jobOperator, PlatformTransactionManager tx,
            Engines engines, RehearsalProperties config, Catalog catalog, BackupMetrics backupMetrics,
            DrillMetrics drillMetrics) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.engines = engines;
        this.config = config;
        this.catalog = catalog;
        this.backupMetrics = backupMetrics;
        this.drillMetrics = drillMetrics;
        this.backupJob = new JobBuilder(BACKUP_JOB, jobRepository)
                .start(new StepBuilder("backup", jobRepository).tasklet((contribution, chunk) -> {
                    Map<String, Object> p = chunk.getStepContext().getJobParameters();
                    backup((String) p.get("source"), (String) p.get("table"));
                    return RepeatStatus.FINISHED;
                }, tx).build())
                .build();
        this.drillJob = new JobBuilder(DRILL_JOB, jobRepository)
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
        return launch(backupJob, source, table, trigger);
    }

    /** Starts a drill of a table now, in the calling thread; empty if one is already running. */
    public Optional<JobExecution> drill(String source, String table, String trigger) {
        return launch(drillJob, source, table, trigger);
    }

    private Optional<JobExecution> launch(Job job, String source, String table, String trigger) {
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
                    .addLong("run", System.currentTimeMillis())
                    .toJobParameters());
            return Optional.of(execution);
        } catch (Exception e) {
            log.warn("Could not start {} of {}/{}: {}", job.getName(), source, table, e.toString());
            return Optional.empty();
        } finally {
            inFlight.remove(key);
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
            BackupResult r = new BackupRunner().run(BackupRequest.of(engines.source(source), table, store));
            catalog.backupCommitted(policy.getValue().store(), r);
            backupMetrics.succeeded(r);
            drillMetrics.newestBackup(source, table, r.ref().id().time());
            return r;
        } catch (Exception e) {
            backupMetrics.failed(source, table);
            throw e;
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
