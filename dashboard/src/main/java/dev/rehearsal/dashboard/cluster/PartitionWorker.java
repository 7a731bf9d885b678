package dev.rehearsal.dashboard.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The worker side of remote partitioning, in every replica: takes a partition request from the
 * broker, claims it in the catalog, and has Spring Batch's {@link StepExecutionRequestHandler} run
 * the partition's step. A request already claimed (a redelivery, a duplicate) or no longer wanted
 * (its step or job ended) is dropped without running, so a partition runs at most once. While it
 * runs, a heartbeat marks the claim alive; the partition is interrupted when the manager took it
 * back, when its job is no longer running, or when the heartbeat could not be written for half of
 * {@code dead-after} (by then the manager may count it dead and run it elsewhere).
 */
public final class PartitionWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private record Running(long jobExecutionId, String stepName, Thread thread, Instant[] lastBeat) {
    }

    private final JobRepository repository;
    private final StepExecutionRequestHandler handler;
    private final Partitions partitions;
    private final PartitionMetrics metrics;
    private final JdbcTemplate jdbc;
    private final PartitionProgress progress;
    private final Duration deadAfter;
    private final Worker self = Worker.self();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rehearsal-partition-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public PartitionWorker(JobRepository repository, StepExecutionRequestHandler handler, Partitions partitions,
            PartitionMetrics metrics, JdbcTemplate jdbc, PartitionProgress progress, Duration heartbeat,
            Duration deadAfter) {
        this.progress = progress;
        this.repository = repository;
        this.handler = handler;
        this.partitions = partitions;
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.deadAfter = deadAfter;
        beat.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs one partition request, or drops it; returns when the partition's step has ended. */
    public void handle(StepExecutionRequest request) {
        long id = request.getStepExecutionId();
        StepExecution step = repository.getStepExecution(id);
        if (step == null) {
            log.warn("Partition request for step execution {} ({}) dropped: the job repository has no such step"
                    + " execution", id, request.getStepName());
            return;
        }
        if (step.getStatus() != BatchStatus.STARTING || !step.getJobExecution().isRunning()) {
            log.info("Partition {} ({}) dropped: it is {} and its job {}; a partition runs once", id, step.getStepName(),
                    step.getStatus(), step.getJobExecution().getStatus());
            metrics.dropped(request.getStepName());
            return;
        }
        if (!partitions.claim(id, step.getJobExecutionId(), step.getStepName(), self, Instant.now())) {
            log.info("Partition {} ({}) dropped: another delivery of it was claimed first", id, step.getStepName());
            metrics.dropped(request.getStepName());
            return;
        }
        running.put(id, new Running(step.getJobExecutionId(), step.getStepName(), Thread.currentThread(),
                new Instant[] {Instant.now()}));
        metrics.started(request.getStepName());
        String status = "FAILED";
        String error = null;
        try {
            StepExecution done = handler.handle(request);
            status = done.getStatus() == BatchStatus.COMPLETED ? "COMPLETED" : "FAILED";
            if (done.getStatus() != BatchStatus.COMPLETED) {
                error = failure(done.getFailureExceptions());
                record(done);
            }
        } catch (RuntimeException e) {
            error = e.toString();
            throw e;
        } finally {
            running.remove(id);
            Thread.interrupted(); // an interrupt meant for the partition must not reach the broker's consumer
            var written = progress.of(id);
            progress.done(id);
            partitions.finished(id, status, error, Instant.now(), written == null ? null : written.snapshot().items(),
                    written == null ? null : written.snapshot().bytes());
            metrics.ended(request.getStepName(), status.equals("COMPLETED"));
        }
    }

    /**
     * The request handler leaves a step it could not start to its caller to record: recorded here,
     * unless the manager failed the partition first.
     */
    private void record(StepExecution done) {
        try {
            if (done.getEndTime() == null) {
                done.setEndTime(java.time.LocalDateTime.now());
            }
            repository.update(done);
        } catch (OptimisticLockingFailureException e) {
            log.debug("Partition {} was recorded by its manager first", done.getId());
        } catch (RuntimeException e) {
            log.warn("Partition {} ended {} but could not be recorded: {}", done.getId(), done.getStatus(), e.toString());
        }
    }

    private void heartbeat() {
        Instant now = Instant.now();
        for (var e : running.entrySet()) {
            long id = e.getKey();
            Running r = e.getValue();
            try {
                String job = jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                        String.class, r.jobExecutionId());
                if (!"STARTED".equals(job) && !"STARTING".equals(job)) {
                    stop(id, r, "its job execution " + r.jobExecutionId() + " is " + job);
                } else if (!beat(id, now)) {
                    stop(id, r, "its manager took it back (no heartbeat seen in time)");
                } else {
                    r.lastBeat()[0] = now;
                }
            } catch (RuntimeException ex) {
                if (Duration.between(r.lastBeat()[0], now).compareTo(deadAfter.dividedBy(2)) > 0) {
                    stop(id, r, "its heartbeat could not be written since " + r.lastBeat()[0] + " (" + ex.getMessage()
                            + ")");
                }
            }
        }
    }

    private boolean beat(long id, Instant now) {
        var written = progress.of(id);
        return written == null ? partitions.heartbeat(id, self, now)
                : partitions.heartbeat(id, self, now, written.snapshot().items(), written.snapshot().bytes());
    }

    private void stop(long id, Running r, String why) {
        if (running.remove(id) != null) {
            log.warn("Stopping partition {} ({}): {}", id, r.stepName(), why);
            r.thread().interrupt();
        }
    }

    private static String failure(List<Throwable> failures) {
        return failures.isEmpty() ? "stopped" : failures.get(failures.size() - 1).getMessage();
    }

    @Override
    public void close() {
        beat.shutdownNow();
    }
}
