package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.dashboard.audit.AuditLog;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one way a backup or drill of a table is launched, and so the one way there is never two at
 * once: every launch, scheduled or asked for, takes the table's ShedLock lock ({@code
 * backup:<source>:<table>}) in the catalog, shared by every replica, and holds it while the job
 * runs; inside it, the job repository is the truth (an execution of the table still STARTED there
 * means it runs). A scheduled job's identity in the repository includes its cron tick, so that two
 * replicas firing the same tick make one job instance between them. Restores are not guarded here:
 * each has an id of its own and a target nobody else can claim.
 */
public final class LaunchGuard {

    /** A lock outlives a process that died holding it by at most this long; recovery expires it sooner. */
    static final Duration LOCK_AT_MOST = Duration.ofHours(12);
    private static final Logger log = LoggerFactory.getLogger(LaunchGuard.class);

    private final LockingTaskExecutor locks;
    private final JobRepository repository;
    private final JobOperator operator;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private Restarts restarts = Restarts.NEVER;

    public LaunchGuard(LockProvider locks, JobRepository repository, JobOperator operator, AuditLog audit,
            JdbcTemplate jdbc) {
        this.locks = new DefaultLockingTaskExecutor(locks);
        this.repository = repository;
        this.operator = operator;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** Which failed executions are restarted in the same launch, holding the same lock. */
    void restartWhen(Restarts restarts) {
        this.restarts = restarts;
    }

    /** Keeps {@link #runningHere} current; every job carries it. */
    JobExecutionListener tracking() {
        return new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                runningHere.add(execution.getId());
            }

            @Override
            public void afterJob(JobExecution execution) {
                runningHere.remove(execution.getId());
            }
        };
    }

    /**
     * Runs {@code job} for a table in the calling thread unless one runs already, here or in another
     * replica. Starts and skips that are not API calls (the API's are audited with their request)
     * go to the audit log, the start before the job runs.
     *
     * @param kind    {@code backup} or {@code drill}: the lock's name and the audit action
     * @param trigger who asked: {@code schedule}, {@code start-up}, {@code recovery}, {@code api:<actor>}
     */
    Optional<JobExecution> launch(Job job, String kind, String source, String table, String trigger,
            JobParameters params) {
        boolean scheduled = !trigger.startsWith("api");
        String action = kind + ".start";
        String target = source + "/" + table;
        AtomicReference<Optional<JobExecution>> started = new AtomicReference<>(Optional.empty());
        try {
            LockingTaskExecutor.TaskResult<Void> result = locks.executeWithLock(() -> {
                if (runs(job.getName(), source, table)) {
                    skipped(job, target, trigger, scheduled, action, "skipped: already running");
                    return null;
                }
                if (scheduled) {
                    audit.record("scheduler", null, action, target, "started", null, trigger);
                }
                JobExecution execution = operator.start(job, params);
                while (restarts.willRestart(execution)) {
                    log.warn("Restarting {} of {} (execution {}): a partition was lost with its worker; the restart"
                            + " runs only the partitions that did not complete", job.getName(), target, execution.getId());
                    execution = operator.start(job, params);
                }
                started.set(Optional.of(execution));
                return null;
            }, new LockConfiguration(Instant.now(), kind + ":" + source + ":" + table, LOCK_AT_MOST, Duration.ZERO));
            if (!result.wasExecuted()) {
                skipped(job, target, trigger, scheduled, action, "skipped: already running");
            }
        } catch (JobInstanceAlreadyCompleteException | JobExecutionAlreadyRunningException e) {
            skipped(job, target, trigger, scheduled, action, "skipped: another replica ran it");
        } catch (Throwable e) {
            log.warn("Could not start {} of {}: {}", job.getName(), target, e.toString());
        }
        return started.get();
    }

    private void skipped(Job job, String target, String trigger, boolean scheduled, String action, String why) {
        log.info("Skipping {} of {} ({}): {}", job.getName(), target, trigger, why.replace("skipped: ", ""));
        if (scheduled) {
            try {
                audit.record("scheduler", null, action, target, why, null, trigger);
            } catch (RuntimeException e) {
                log.error("The audit entry of a skipped {} could not be written: {}", action, e.toString());
            }
        }
    }

    /** Whether an execution of this job for the table is marked running in the job repository, by any replica. */
    boolean runs(String jobName, String source, String table) {
        return repository.findRunningJobExecutions(jobName).stream().anyMatch(e -> e.getStatus() == BatchStatus.STARTED
                && source.equals(e.getJobParameters().getString("source"))
                && table.equals(e.getJobParameters().getString("table")));
    }

    /** Ends the lock a dead process held for a table. Expired, not deleted: ShedLock only updates rows it has seen once. */
    public void expire(String kind, String source, String table) {
        jdbc.update("UPDATE shedlock SET lock_until = locked_at WHERE name = ?", kind + ":" + source + ":" + table);
    }

    /** Executions this process is running now. */
    Set<Long> runningHere() {
        return Set.copyOf(runningHere);
    }

    /**
     * Marks this process's running executions as alive. A job step can run for hours without
     * touching the job repository; the heartbeat lets other processes tell a live execution from
     * one whose process died.
     */
    void heartbeat() {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        for (Long id : runningHere) {
            jdbc.update("UPDATE BATCH_JOB_EXECUTION SET LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ?", now, id);
        }
    }
}
