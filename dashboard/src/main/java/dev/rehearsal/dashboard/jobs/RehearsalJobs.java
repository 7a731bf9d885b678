package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.cluster.RemotePartitions;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.metrics.BackupMetrics;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.metrics.DrillMetrics;
import dev.rehearsal.drill.restore.Workers;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.javacrumbs.shedlock.core.LockProvider;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The daemon's jobs and the ways to start them: the backup ({@link BackupJob}), drill
 * ({@link DrillJob}) and restore ({@link RestoreJob}) jobs, each defined in a class of its own,
 * with retention applied after each backup ({@link Retention}). Backups and drills of a table are
 * started only through the {@link LaunchGuard}, so that one runs at a time per table over every
 * replica; every job runs in the calling thread.
 */
public final class RehearsalJobs {

    public static final String BACKUP_JOB = BackupJob.NAME;
    public static final String DRILL_JOB = DrillJob.NAME;
    public static final String RESTORE_JOB = RestoreJob.NAME;
    /** With remote partitioning: a restore's data load, and its verification scan, launched by the restore. */
    public static final List<String> PART_JOBS = List.of(RemoteRestoreParts.LOAD_JOB, RemoteRestoreParts.SCAN_JOB);

    private final JobOperator jobOperator;
    private final Engines engines;
    private final LaunchGuard guard;
    private final RunningRestores running;
    private final Job backupJob;
    private final Job drillJob;
    private final Job restoreJob;
    private final Map<String, Step> partitionSteps;
    private final RemotePartitions remote;
    private final RemoteRestoreParts restoreParts;

    public RehearsalJobs(JobRepository jobRepository, JobOperator jobOperator, Engines engines, Catalog catalog,
            BackupMetrics backupMetrics, DrillMetrics drillMetrics, JdbcTemplate jdbc, ObservationRegistry observations,
            AuditLog audit, RunningRestores running, LockProvider locks, RemotePartitions remote, int restarts) {
        this.jobOperator = jobOperator;
        this.remote = remote;
        this.engines = engines;
        this.running = running;
        this.guard = new LaunchGuard(locks, jobRepository, jobOperator, audit, jdbc);
        // Steps call sources and stores for minutes or hours and write the catalog as they go: they
        // must not hold a database transaction open, nor roll the catalog back when they fail.
        PlatformTransactionManager tx = new ResourcelessTransactionManager();
        Restarts restartsOf = remote == null ? Restarts.NEVER : new Restarts(jobRepository, remote, restarts);
        guard.restartWhen(restartsOf);
        BackupJob backups = new BackupJob(jobRepository, tx, guard.tracking(), engines, catalog, backupMetrics,
                drillMetrics, new Retention(catalog), observations, remote, restartsOf);
        this.backupJob = backups.job();
        Map<String, Step> steps = new java.util.HashMap<>();
        steps.put(backups.segmentStep().getName(), backups.segmentStep());
        this.restoreParts = remote == null ? null
                : new RemoteRestoreParts(jobRepository, jobOperator, tx, engines, remote, restartsOf, observations,
                        guard.tracking());
        if (restoreParts != null) {
            steps.putAll(restoreParts.steps());
        }
        this.partitionSteps = Map.copyOf(steps);
        this.drillJob = new DrillJob(jobRepository, tx, guard.tracking(), engines, catalog, drillMetrics, observations,
                this).job();
        this.restoreJob = new RestoreJob(jobRepository, tx, guard.tracking(), engines, catalog, running, observations,
                this).job();

    }

    /**
     * Where a restore's data load and verification scan run: on the workers of every replica with
     * remote partitioning, else in this process.
     *
     * @param recovery the restore writes a new table on the source's own endpoint, not in the sandbox
     * @param store    the store the backup is in
     */
    public Workers restoreWorkers(String source, boolean recovery, String store) {
        return restoreParts == null ? Workers.IN_PROCESS : restoreParts.workers(source, recovery, store);
    }

    /** The drill of a table under its policy, its parts run where {@link #restoreWorkers} says. */
    public DrillRequest drillRequest(String source, String table, String backupId) {
        DrillRequest request = DrillRequests.forPolicy(engines, source, table, backupId);
        return request.withWorkers(restoreWorkers(source, false, engines.policyFor(source, table).orElseThrow()
                .getValue().store()));
    }

    /** The step a partition of one of these jobs runs, by name, for a worker of remote partitioning; null if none. */
    public Step partitionStep(String name) {
        return partitionSteps.get(name);
    }

    /** Starts a backup of a table now, in the calling thread; empty if one is already running. */
    public Optional<JobExecution> backup(String source, String table, String trigger) {
        return guard.launch(backupJob, "backup", source, table, trigger, params(source, table, trigger,
                System.currentTimeMillis()).toJobParameters());
    }

    /**
     * Starts the backup of one cron tick. The tick is part of the job instance's identity, so that
     * replicas firing the same tick create one instance between them: the second is refused.
     */
    public Optional<JobExecution> scheduledBackup(String source, String table, long tickEpochSecond) {
        return guard.launch(backupJob, "backup", source, table, "schedule", params(source, table, "schedule",
                tickEpochSecond * 1000).toJobParameters());
    }

    /** Starts a drill of a table now, in the calling thread; empty if one is already running. */
    public Optional<JobExecution> drill(String source, String table, String trigger) {
        return drill(source, table, trigger, null, null);
    }

    /**
     * Starts a drill with a chosen id now, in the calling thread; empty if one is already running.
     *
     * @param drillId  the drill's id, or null for a new one
     * @param backupId the backup to drill, or null for the newest
     */
    public Optional<JobExecution> drill(String source, String table, String trigger, String drillId, String backupId) {
        JobParametersBuilder params = params(source, table, trigger, System.currentTimeMillis());
        if (drillId != null) {
            params.addString("drillId", drillId, false);
        }
        if (backupId != null) {
            params.addString("backupId", backupId, false);
        }
        return guard.launch(drillJob, "drill", source, table, trigger, params.toJobParameters());
    }

    /** Starts the drill of one cron tick; see {@link #scheduledBackup}. */
    public Optional<JobExecution> scheduledDrill(String source, String table, long tickEpochSecond) {
        return guard.launch(drillJob, "drill", source, table, "schedule", params(source, table, "schedule",
                tickEpochSecond * 1000).toJobParameters());
    }

    /** Whether a backup ({@code backup}) or drill ({@code drill}) of the table runs now, here or in another replica. */
    public boolean isRunning(String kind, String source, String table) {
        return guard.runs(kind.equals("backup") ? BACKUP_JOB : DRILL_JOB, source, table);
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

    /** Cancels a restore this process runs: interrupts it if it is under way, or makes it stop as it starts. */
    public boolean cancelRestore(String restoreId) {
        return running.cancel(restoreId);
    }

    /** Executions this process is running now. */
    public Set<Long> runningHere() {
        return guard.runningHere();
    }

    /** Marks this process's running executions as alive in the job repository; see {@link LaunchGuard#heartbeat}. */
    public void heartbeat() {
        guard.heartbeat();
    }

    /**
     * After recovering an execution whose process died: with remote partitioning, its partitions
     * still running on other replicas' workers are stopped.
     */
    public void recovered(long jobExecutionId) {
        if (remote != null) {
            remote.abandon(jobExecutionId, "job execution " + jobExecutionId + " was recovered after its process stopped");
        }
    }

    /** Ends the lock of a backup or drill whose process died; see {@link LaunchGuard#expire}. */
    public void expireLock(String kind, String source, String table) {
        guard.expire(kind, source, table);
    }

    private static JobParametersBuilder params(String source, String table, String trigger, long run) {
        return new JobParametersBuilder()
                .addString("source", source)
                .addString("table", table)
                .addString("trigger", trigger, false)
                .addLong("run", run);
    }
}
