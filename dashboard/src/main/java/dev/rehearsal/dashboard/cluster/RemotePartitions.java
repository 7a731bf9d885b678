package dev.rehearsal.dashboard.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * The manager side of remote partitioning: a {@link PartitionHandler} per partitioned step, Spring
 * Batch's {@link MessageChannelPartitionHandler} sending one request per partition to the broker
 * and polling the shared job repository for the results. While it waits, a watch fails the
 * partitions it can tell will never end: one whose worker's heartbeat is older than {@code
 * dead-after} (declared lost: its job may be restarted to run it again), and every unfinished one
 * when the broker has been unreachable that long (the job fails, naming the broker).
 */
public final class RemotePartitions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitions.class);

    private final JobRepository repository;
    private final MessageChannel requests;
    private final ConnectionFactory broker;
    private final Partitions partitions;
    private final PartitionMetrics metrics;
    private final PartitionProgress progress;
    private final Map<String, java.util.function.BiConsumer<Long, Long>> listeners = new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration heartbeat;
    private final Duration deadAfter;
    private final ScheduledExecutorService watches = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "rehearsal-partition-watch");
        t.setDaemon(true);
        return t;
    });

    public RemotePartitions(JobRepository repository, MessageChannel requests, ConnectionFactory broker,
            Partitions partitions, PartitionMetrics metrics, PartitionProgress progress, Duration heartbeat,
            Duration deadAfter) {
        this.progress = progress;
        this.repository = repository;
        this.requests = requests;
        this.broker = broker;
        this.partitions = partitions;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
        this.deadAfter = deadAfter;
    }

    /** The partition handler of a step whose partitions run on any replica's worker. */
    public PartitionHandler handler(String stepName, int gridSize) {
        Handler handler = new Handler();
        handler.setStepName(stepName);
        handler.setGridSize(gridSize);
        handler.setMessagingOperations(new MessagingTemplate(requests));
        handler.setJobRepository(repository);
        handler.setPollInterval(Math.max(100, Math.min(500, heartbeat.toMillis() / 5)));
        try {
            handler.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up remote partitioning of step '" + stepName + "'", e);
        }
        return handler;
    }

    /** Where partitions that load data register what they write, on the worker side. */
    public PartitionProgress progress() {
        return progress;
    }

    /**
     * Tells {@code listener} what the partitions of the job launched with job parameter {@code
     * part-run} = {@code run} have written in all (items, bytes), at every check while they run.
     */
    public void listen(String run, java.util.function.BiConsumer<Long, Long> listener) {
        listeners.put(run, listener);
    }

    public void unlisten(String run) {
        listeners.remove(run);
    }

    /** Whether a partition of the job execution was declared lost, so that a restart would run it again. */
    public boolean lostPartitions(long jobExecutionId) {
        return partitions.anyLost(jobExecutionId);
    }

    /** Stops every partition still running for a job execution whose manager died and which was recovered. */
    public void abandon(long jobExecutionId, String why) {
        int n = partitions.abandon(jobExecutionId, why, Instant.now());
        if (n > 0) {
            log.info("{} partition(s) of job execution {} still marked running are stopped: {}", n, jobExecutionId, why);
        }
    }

    /** Where the broker is, for messages; never the password. */
    public String brokerName() {
        return "amqp://" + broker.getHost() + ":" + broker.getPort() + broker.getVirtualHost();
    }

    private final class Handler extends MessageChannelPartitionHandler {

        private String step;

        @Override
        public void setStepName(String stepName) {
            super.setStepName(stepName);
            this.step = stepName;
        }

        @Override
        public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution manager) throws Exception {
            Watch watch = new Watch(manager, step);
            ScheduledFuture<?> running = watches.scheduleWithFixedDelay(watch::check, heartbeat.toMillis(),
                    heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return super.handle(splitter, manager);
            } catch (MessagingException | AmqpException e) {
                watch.failUnfinished("the broker at " + brokerName() + " (spring.rabbitmq.*) did not take the partition"
                        + " requests: " + rootMessage(e), false);
                throw new IllegalStateException("the broker at " + brokerName() + " (spring.rabbitmq.*) did not take"
                        + " the partition requests of step '" + step + "': " + rootMessage(e), e);
            } finally {
                running.cancel(false);
            }
        }

        @Override
        protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitionExecutions)
                throws Exception {
            boolean rerun = repository.getJobExecutions(manager.getJobExecution().getJobInstance()).size() > 1;
            metrics.dispatched(step, partitionExecutions.size(), rerun);
            if (!partitionExecutions.isEmpty()) {
                log.info("{} partition(s) of step '{}' handed to workers over {}{}", partitionExecutions.size(), step,
                        brokerName(), rerun ? " (a restart: only the partitions not yet completed)" : "");
            }
            return super.doHandle(manager, partitionExecutions);
        }
    }

    /** What the manager watches while it waits for one step's partitions. */
    private final class Watch {

        private final StepExecution manager;
        private final String step;
        private Instant brokerDownSince;

        Watch(StepExecution manager, String step) {
            this.manager = manager;
            this.step = step;
        }

        void check() {
            try {
                Instant now = Instant.now();
                Map<Long, Partitions.Partition> claims = partitions.ofJobExecution(manager.getJobExecutionId()).stream()
                        .collect(Collectors.toMap(Partitions.Partition::stepExecutionId, Function.identity()));
                boolean unclaimed = false;
                for (StepExecution s : unfinished()) {
                    Partitions.Partition claim = claims.get(s.getId());
                    if (claim == null) {
                        unclaimed = true;
                    } else if (claim.status().equals("RUNNING")
                            && Duration.between(claim.heartbeatAt(), now).compareTo(deadAfter) > 0) {
                        String why = "worker " + claim.worker() + " stopped its heartbeat at " + claim.heartbeatAt()
                                + " (rehearsal.cluster.dead-after " + deadAfter.toSeconds() + " s)";
                        if (partitions.lost(s.getId(), why, now)) {
                            log.warn("Partition {} of step '{}' lost: {}; its job is restarted to run it again",
                                    s.getStepName(), step, why);
                            metrics.lost(step);
                            fail(s, "lost: " + why);
                        }
                    } else if (!claim.status().equals("RUNNING") && claim.finishedAt() != null
                            && Duration.between(claim.finishedAt(), now).compareTo(deadAfter) > 0) {
                        fail(s, "its worker " + claim.worker() + " ended it " + claim.status()
                                + " but the job repository never recorded the result");
                    }
                }
                if (unclaimed) {
                    brokerCheck(now);
                } else {
                    brokerDownSince = null;
                }
                String run = manager.getJobParameters().getString("part-run");
                var listener = run == null ? null : listeners.get(run);
                if (listener != null) {
                    long[] written = partitions.written(manager.getJobExecutionId());
                    listener.accept(written[0], written[1]);
                }
            } catch (RuntimeException e) {
                log.warn("Watching the partitions of step '{}' failed once: {}", step, e.toString());
            }
        }

        private void brokerCheck(Instant now) {
            try (Connection c = broker.createConnection()) {
                brokerDownSince = null;
            } catch (AmqpException e) {
                if (brokerDownSince == null) {
                    brokerDownSince = now;
                    log.warn("The broker at {} is unreachable while partitions of step '{}' wait for a worker: {}",
                            brokerName(), step, rootMessage(e));
                } else if (Duration.between(brokerDownSince, now).compareTo(deadAfter) > 0) {
                    failUnfinished("the broker at " + brokerName() + " (spring.rabbitmq.*) has been unreachable since "
                            + brokerDownSince + ": " + rootMessage(e), true);
                }
            }
        }

        /** Fails every partition not finished yet; {@code revoke} also stops the ones running on a worker. */
        void failUnfinished(String why, boolean revoke) {
            List<StepExecution> unfinished = unfinished();
            if (!unfinished.isEmpty()) {
                log.warn("Failing {} unfinished partition(s) of step '{}': {}", unfinished.size(), step, why);
            }
            for (StepExecution s : unfinished) {
                if (revoke) {
                    partitions.finished(s.getId(), "FAILED", why, Instant.now());
                }
                fail(s, why);
            }
        }

        private List<StepExecution> unfinished() {
            JobExecution job = repository.getJobExecution(manager.getJobExecutionId());
            return job == null ? List.of() : job.getStepExecutions().stream()
                    .filter(s -> s.getStepName().startsWith(step + ":") && s.getStatus().isRunning()).toList();
        }

        private void fail(StepExecution s, String why) {
            StepExecution fresh = repository.getStepExecution(s.getId());
            if (fresh == null || !fresh.getStatus().isRunning()) {
                return;
            }
            fresh.setStatus(BatchStatus.FAILED);
            fresh.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
            fresh.setEndTime(LocalDateTime.now());
            try {
                repository.update(fresh);
            } catch (OptimisticLockingFailureException e) {
                log.debug("Partition {} ended on its own while it was being failed", s.getStepName());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public void close() {
        watches.shutdownNow();
    }
}
