package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.dashboard.cluster.RemotePartitions;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * When a failed job is restarted rather than given up: with remote partitioning, when a partition
 * was lost with its worker (nothing wrong with the table or the store) and the job instance has
 * been restarted fewer than {@code rehearsal.cluster.restarts} times. A restart is Spring Batch's:
 * the same job instance again, running only the partitions that did not complete.
 */
final class Restarts {

    static final Restarts NEVER = new Restarts(null, null, 0);

    private final JobRepository repository;
    private final RemotePartitions remote;
    private final int restarts;

    Restarts(JobRepository repository, RemotePartitions remote, int restarts) {
        this.repository = repository;
        this.remote = remote;
        this.restarts = restarts;
    }

    boolean willRestart(JobExecution execution) {
        if (remote == null || execution.getStatus() != BatchStatus.FAILED || !remote.lostPartitions(execution.getId())) {
            return false;
        }
        return repository.getJobExecutions(execution.getJobInstance()).size() <= restarts;
    }
}
