package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.PreparedBackup;
import dev.rehearsal.core.backup.SegmentResult;
import dev.rehearsal.core.format.ManifestCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ReadLimit;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.RetentionPlan;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.metrics.BackupMetrics;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.metrics.DrillMetrics;
import dev.rehearsal.drill.pipeline.Target;
import dev.rehearsal.drill.pipeline.VerifiedRestore;
import dev.rehearsal.drill.pipeline.VerifiedRestoreRequest;
import dev.rehearsal.drill.pipeline.VerifiedRestoreResult;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import io.micrometer.observation.ObservationRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * The backup and drill jobs, and the one way to launch them. A job for a table that is already
 * running, in this process or (through the job repository) in another replica, is not started again.
 */
public final class RehearsalJobs {

    public static final String BACKUP_JOB = "rehearsal-backup";
    /** Scan segments read at once, over every backup this process runs. */
    static final int SEGMENT_THREADS = 4;
    private static final String PREPARED = "rehearsal.prepared";
    private static final String RESULT = "rehearsal.segment-result";
    private static final JsonMapper JSON = ManifestCodec.mapper().rebuild().disable(SerializationFeature.INDENT_OUTPUT).build();
    public static final String DRILL_JOB = "rehearsal-drill";
    public static final String RESTORE_JOB = "rehearsal-restore";

    private static final Logger log = LoggerFactory.getLogger(RehearsalJobs.class);

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final Engines engines;
    private final Catalog catalog;
    private final BackupMetrics backupMetrics;
    private final DrillMetrics drillMetrics;
    private final Job backupJob;
    private final Job drillJob;
    private final Job restoreJob;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private final BackupRunner runner = new BackupRunner();
    private final VerifiedRestore pipeline = new VerifiedRestore();
    private final ObservationRegistry observations;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final RunningRestores running;

    public RehearsalJobs(JobRepository jobRepository, JobOperator jobOperator,
            Engines engines, Catalog catalog, BackupMetrics backupMetrics,
            DrillMetrics drillMetrics, JdbcTemplate jdbc, ObservationRegistry observations, AuditLog audit,
            RunningRestores running) {
        this.running = running;
        this.jdbc = jdbc;
        this.audit = audit;
        this.observations = observations;
        // Steps call DynamoDB and stores for minutes or hours and write the catalog as they go: they
        // must not hold a database transaction open, nor roll the catalog back when they fail.
        PlatformTransactionManager tx = new ResourcelessTransactionManager();
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.engines = engines;
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
        this.backupJob = backupJob(jobRepository, tx, tracking);
        this.restoreJob = new JobBuilder(RESTORE_JOB, jobRepository).observationRegistry(observations)
                .listener(tracking)
                .start(new StepBuilder("restore", jobRepository).observationRegistry(observations)
                        .tasklet((contribution, chunk) -> {
                            restoreStep(chunk.getStepContext().getJobParameters());
                            return RepeatStatus.FINISHED;
                        }, tx).build())
                .build();
        this.drillJob = new JobBuilder(DRILL_JOB, jobRepository).observationRegistry(observations)
                .listener(tracking)
                .start(new StepBuilder("drill", jobRepository).observationRegistry(observations).tasklet((contribution, chunk) -> {
                    Map<String, Object> p = chunk.getStepContext().getJobParameters();
                    DrillResult r = runDrill((String) p.get("source"), (String) p.get("table"), (String) p.get("drillId"),
                            (String) p.get("backupId"));
                    contribution.setExitStatus(new ExitStatus(r.outcome().name(), String.join("; ", r.errors())));
                    return RepeatStatus.FINISHED;
                }, tx).build())
                .build();
    }

    /**
     * Restores a backup of a table (the newest when {@code backupId} is null) into a new sandbox
     * table, verifies it, and leaves it for the operator; the janitor removes it later. Runs in
     * the calling thread. The restore's id, progress and result are in the catalog under
     * {@code restoreId}.
     */
    public JobExecution restore(String restoreId, String source, String table, String backupId) throws Exception {
        return restore(restoreId, source, table, backupId, null, false);
    }

    /**
     * Restores into {@code newTable}, a table that must not exist, on the source's own endpoint
     * instead of the sandbox; null restores into a sandbox. The API offers this to admins only.
     * A restored and verified table is never deleted by Rehearsal. If the restore fails or is
     * cancelled, the table it created is deleted, unless {@code keepPartial}; one that cannot be
     * deleted is marked as partial, and the restore's record names it.
     */
    public JobExecution restore(String restoreId, String source, String table, String backupId, String newTable,
            boolean keepPartial) throws Exception {
        JobParametersBuilder params = new JobParametersBuilder()
                .addString("restoreId", restoreId)
                .addString("source", source)
                .addString("table", table);
        if (backupId != null) {
            params.addString("backupId", backupId);
        }
        if (newTable != null) {
            params.addString("newTable", newTable);
            params.addString("keepPartial", Boolean.toString(keepPartial), false);
        }
        return jobOperator.start(restoreJob, params.toJobParameters());
    }

    /**
     * Starts a drill with a chosen id now, in the calling thread; empty if one is already running.
     *
     * @param backupId the backup to drill, or null for the newest
     */
    public Optional<JobExecution> drill(String source, String table, String trigger, String drillId, String backupId) {
        return launch(drillJob, source, table, trigger, System.currentTimeMillis(), drillId, backupId);
    }

    /** Whether a backup ({@code backup}) or drill ({@code drill}) of the table runs now, here or in another replica. */
    public boolean isRunning(String kind, String source, String table) {
        String job = kind.equals("backup") ? BACKUP_JOB : DRILL_JOB;
        return inFlight.contains(job + "/" + source + "/" + table) || runningElsewhere(job, source, table);
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
        return launch(job, source, table, trigger, run, null, null);
    }

    /**
     * Runs a job unless one for the table runs already. Starts the scheduler asked for (anything but
     * an API call, which the audit filter records) go to the audit log, and so do the ones skipped.
     */
    private Optional<JobExecution> launch(Job job, String source, String table, String trigger, long run, String drillId,
            String backupId) {
        String key = job.getName() + "/" + source + "/" + table;
        boolean scheduled = !trigger.startsWith("api");
        String action = (job == backupJob ? "backup" : "drill") + ".start";
        if (!inFlight.add(key) || runningElsewhere(job.getName(), source, table)) {
            inFlight.remove(key);
            log.info("Skipping {} of {}/{} ({}): one is already running", job.getName(), source, table, trigger);
            if (scheduled) {
                audit.record("scheduler", null, action, source + "/" + table, "skipped: already running", null, trigger);
            }
            return Optional.empty();
        }
        try {
            if (scheduled) {
                audit.record("scheduler", null, action, source + "/" + table, "started", null, trigger);
            }
            JobParametersBuilder params = new JobParametersBuilder()
                    .addString("source", source)
                    .addString("table", table)
                    .addString("trigger", trigger, false)
                    .addLong("run", run);
            if (drillId != null) {
                params.addString("drillId", drillId, false);
            }
            if (backupId != null) {
                params.addString("backupId", backupId, false);
            }
            JobExecution execution = jobOperator.start(job, params.toJobParameters());
            return Optional.of(execution);
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException
                 | org.springframework.batch.core.launch.JobExecutionAlreadyRunningException e) {
            log.info("Skipping {} of {}/{} ({}): another replica ran this one", job.getName(), source, table, trigger);
            if (scheduled) {
                audit.record("scheduler", null, action, source + "/" + table, "skipped: another replica ran it", null,
                        trigger);
            }
            return Optional.empty();
        } catch (Exception e) {
            log.warn("Could not start {} of {}/{}: {}", job.getName(), source, table, e.toString());
            return Optional.empty();
        } finally {
            inFlight.remove(key);
        }
    }

    /**
     * Runs one restore through the {@link VerifiedRestore} pipeline and records what it returns.
     * The pipeline claims the target, verifies the restored table and disposes of what it claimed;
     * this step only keeps the catalog's record of the restore current.
     */
    private void restoreStep(Map<String, Object> p) throws Exception {
        String restoreId = (String) p.get("restoreId");
        String source = (String) p.get("source");
        String table = (String) p.get("table");
        String backupId = (String) p.get("backupId");
        String newTable = (String) p.get("newTable");
        boolean keepPartial = Boolean.parseBoolean((String) p.get("keepPartial"));
        catalog.restoreStarted(restoreId, source, table, Instant.now());
        RunningRestores.Run run = running.get(restoreId)
                .orElseGet(() -> running.start(catalog.restore(restoreId).orElseThrow()));
        RunningRestores.Listener toCatalog = new RunningRestores.Listener() {
            private int ticks;

            @Override
            public void progress(RunningRestores.Run r) {
                if (++ticks % 2 == 0) { // once a second is enough for readers in other replicas
                    recordProgress(r);
                }
            }
        };
        run.listen(toCatalog);
        boolean recorded = false;
        try {
            if (run.attach()) {
                throw new InterruptedException("cancelled before it started");
            }
            var policy = policy(source, table);
            BackupRepository repository = new BackupRepository(engines.store(policy.getValue().store()));
            BackupRef ref = backupId != null ? new BackupRef(source, table, BackupId.parse(backupId))
                    : repository.newest(source, table).orElseThrow(() -> new IllegalStateException(
                            "no committed backup of table '" + table + "' from source '" + source + "' in store "
                                    + repository.store().name()));
            TableSink sink;
            Target target;
            if (newTable != null) {
                sink = engines.recoverySink(source);
                target = new Target.NewTable(newTable, engines.ledger(), keepPartial);
            } else {
                sink = engines.sandboxFor(source).orElseThrow(() -> new IllegalStateException(
                        "rehearsal.sandbox is not configured for source '" + source + "'; restores go into a sandbox"));
                target = new Target.Sandbox(engines.guardFor(source).orElseThrow(), table, true);
            }
            run.resolved(ref.id().value(), target.name(restoreId));
            VerifiedRestoreResult r = pipeline.run(VerifiedRestoreRequest.of(restoreId, repository, ref, sink, target)
                    .withProgress(run.progress()));
            recordProgress(run);
            String error = r.verified() ? null : String.join("; ", r.errors()) + "; " + r.disposal();
            catalog.restoreFinished(restoreId, r.verified() ? "SUCCEEDED" : "FAILED",
                    r.recoveryTime() == null ? null : r.recoveryTime().toMillis(), error, r.partialTable(), Instant.now());
            recorded = true;
            log.info("Restore {} of {}/{} into {} '{}': {}", restoreId, source, table,
                    newTable == null ? "sandbox" : "new table", target.name(restoreId), r.verified() ? "verified in "
                            + r.recoveryTime().toMillis() + " ms" : "FAILED: " + error);
            if (!r.verified()) {
                throw new IllegalStateException("restore " + restoreId + " failed: " + error);
            }
        } catch (VerifiedRestore.Cancelled c) {
            recordProgress(run);
            catalog.restoreFinished(restoreId, "CANCELLED", null, c.getMessage(), c.result().partialTable(),
                    Instant.now());
            throw c;
        } catch (Exception e) {
            if (recorded) {
                throw e;
            }
            boolean cancelled = Thread.interrupted() | e instanceof InterruptedException;
            catalog.restoreFinished(restoreId, cancelled ? "CANCELLED" : "FAILED", null,
                    cancelled ? "cancelled; no table was created" : e.getMessage(), null, Instant.now());
            throw e;
        } finally {
            run.unlisten(toCatalog);
            run.detach(); // a cancel is handled; it must not reach the job repository's writes
            running.finished(restoreId);
        }
    }

    /** Cancels a restore this process runs: interrupts it if it is under way, or makes it stop as it starts. */
    public boolean cancelRestore(String restoreId) {
        return running.cancel(restoreId);
    }

    private void recordProgress(RunningRestores.Run run) {
        RestoreRecord r = run.live();
        catalog.restoreProgress(r.restoreId(), r.backupId(), r.target(), r.items(), r.totalItems(), r.percent(),
                r.etaSeconds(), r.itemsPerSecond() == null ? 0 : r.itemsPerSecond(), r.phase());
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

    /**
     * The backup job: {@code prepare} describes the table and names the backup; {@code segments}
     * reads each scan segment as a partition of its own (at most {@value #SEGMENT_THREADS} at once
     * over all backups); {@code commit} writes the manifest from the partitions' results. A failed
     * job's objects are removed and never listed.
     */
    private Job backupJob(JobRepository repository, PlatformTransactionManager tx, JobExecutionListener tracking) {
        ThreadPoolTaskExecutor partitions = new ThreadPoolTaskExecutor();
        partitions.setCorePoolSize(SEGMENT_THREADS);
        partitions.setThreadNamePrefix("rehearsal-segment-");
        partitions.initialize();
        ThreadLocal<Integer> segmentCount = new ThreadLocal<>();

        Step prepare = new StepBuilder("prepare", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
            Map<String, Object> p = chunk.getStepContext().getJobParameters();
            BackupRequest request = request((String) p.get("source"), (String) p.get("table"), 1);
            PreparedBackup prepared = runner.prepare(request);
            chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                    .putString(PREPARED, JSON.writeValueAsString(prepared));
            return RepeatStatus.FINISHED;
        }, tx).build();

        Step segment = new StepBuilder("segment", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            PreparedBackup prepared = prepared(step.getJobExecution());
            Map<String, Object> p = chunk.getStepContext().getJobParameters();
            BackupRequest request = request((String) p.get("source"), (String) p.get("table"), prepared.segments());
            SegmentResult result = runner.readSegment(request, prepared, step.getExecutionContext().getInt("segment"));
            step.getExecutionContext().putString(RESULT, JSON.writeValueAsString(result));
            return RepeatStatus.FINISHED;
        }, tx).build();

        Step segments = new StepBuilder("segments", repository).observationRegistry(observations)
                .partitioner("segment", gridSize -> {
                    Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
                    for (int i = 0; i < segmentCount.get(); i++) {
                        ExecutionContext c = new ExecutionContext();
                        c.putInt("segment", i);
                        contexts.put("segment" + i, c);
                    }
                    return contexts;
                })
                .step(segment)
                .taskExecutor(partitions)
                .listener(new StepExecutionListener() {
                    @Override
                    public void beforeStep(StepExecution step) {
                        // The partitioner runs next, in this thread: it splits by the prepared segment count.
                        segmentCount.set(prepared(step.getJobExecution()).segments());
                    }
                })
                .build();

        Step commit = new StepBuilder("commit", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
            JobExecution job = chunk.getStepContext().getStepExecution().getJobExecution();
            PreparedBackup prepared = prepared(job);
            Map<String, Object> p = chunk.getStepContext().getJobParameters();
            String source = (String) p.get("source");
            String table = (String) p.get("table");
            List<SegmentResult> results = new ArrayList<>();
            for (StepExecution s : job.getStepExecutions()) {
                if (s.getStepName().startsWith("segment:") && s.getExecutionContext().containsKey(RESULT)) {
                    results.add(JSON.readValue(s.getExecutionContext().getString(RESULT), SegmentResult.class));
                }
            }
            Duration took = Duration.between(prepared.startedAt(), Instant.now());
            BackupResult r = runner.commit(request(source, table, prepared.segments()), prepared, results, took);
            var policy = policy(source, table);
            catalog.backupCommitted(policy.getKey(), r);
            backupMetrics.succeeded(r);
            drillMetrics.newestBackup(source, table, r.ref().id().time());
            applyRetention(source, table, policy.getValue(), new BackupRepository(engines.store(policy.getValue().store())));
            return RepeatStatus.FINISHED;
        }, tx).build();

        JobExecutionListener cleanUp = new JobExecutionListener() {
            @Override
            public void afterJob(JobExecution job) {
                if (job.getStatus() == BatchStatus.COMPLETED) {
                    return;
                }
                String source = job.getJobParameters().getString("source");
                String table = job.getJobParameters().getString("table");
                backupMetrics.failed(source, table);
                if (job.getExecutionContext().containsKey(PREPARED)) {
                    PreparedBackup prepared = prepared(job);
                    runner.discard(request(source, table, prepared.segments()), prepared);
                }
            }
        };
        return new JobBuilder(BACKUP_JOB, repository).observationRegistry(observations).listener(tracking).listener(cleanUp)
                .start(prepare).next(segments).next(commit).build();
    }

    /**
     * The request of a table's backup under its policy. The read limit is shared by the
     * partitions that run at once, so each gets its part of it.
     */
    private BackupRequest request(String source, String table, int segments) {
        var policy = policy(source, table);
        double limit = policy.getValue().readLimit() / Math.max(1, Math.min(segments, SEGMENT_THREADS));
        return BackupRequest.of(engines.source(source), table, engines.store(policy.getValue().store()))
                .withScan(ScanOptions.defaults().withReadLimit(ReadLimit.itemsPerSecond(limit)));
    }

    private Map.Entry<String, RehearsalProperties.Policy> policy(String source, String table) {
        return engines.policyFor(source, table).map(e -> Map.entry(e.getValue().store(), e.getValue()))
                .orElseThrow(() -> new IllegalStateException("no policy covers table '" + table + "' of source '" + source + "'"));
    }

    private static PreparedBackup prepared(JobExecution job) {
        return JSON.readValue(job.getExecutionContext().getString(PREPARED), PreparedBackup.class);
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

    private DrillResult runDrill(String source, String table, String drillId, String backupId)
            throws InterruptedException {
        var policy = engines.policyFor(source, table).orElseThrow(() -> new IllegalStateException(
                "no policy covers table '" + table + "' of source '" + source + "'"));
        RehearsalProperties.Policy p = policy.getValue();
        var sandbox = engines.sandboxFor(source).orElseThrow(() -> new IllegalStateException(
                "rehearsal.sandbox is not configured for source '" + source + "'; drills need a sandbox"));
        DrillRunner runner = drillId == null ? new DrillRunner() : DrillRunner.withDrillId(drillId);
        DrillResult r = runner.run(DrillRequest.of(source, table, new BackupRepository(engines.store(p.store())),
                sandbox, engines.guardFor(source).orElseThrow()).withSpotChecks(p.spotChecks())
                .withSelection(backupId == null ? dev.rehearsal.drill.drill.BackupSelection.newest()
                        : dev.rehearsal.drill.drill.BackupSelection.exactly(BackupId.parse(backupId))));
        catalog.drillFinished(r);
        drillMetrics.drillFinished(r);
        if (r.outcome() == Outcome.ERROR) {
            log.warn("Drill {} of {}/{} could not reach a verdict", r.drillId(), source, table);
        }
        return r;
    }
}
