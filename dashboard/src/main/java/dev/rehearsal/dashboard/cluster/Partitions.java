package dev.rehearsal.dashboard.cluster;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The catalog's record of remotely run partitions ({@code rehearsal_partition}): who claimed each,
 * its heartbeat, and how it ended. The row's primary key is the claim, so that of two workers given
 * the same request, one runs it.
 */
public final class Partitions {

    /** One partition as the catalog has it. */
    public record Partition(long stepExecutionId, long jobExecutionId, String stepName, Worker worker, String status,
            Instant claimedAt, Instant heartbeatAt, Instant finishedAt, String error) {
    }

    private final JdbcTemplate jdbc;

    public Partitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims a partition for {@code worker}; false if it was claimed before, by anyone. */
    boolean claim(long stepExecutionId, long jobExecutionId, String stepName, Worker worker, Instant at) {
        try {
            return jdbc.update("INSERT INTO rehearsal_partition (step_execution_id, job_execution_id, step_name,"
                    + " worker_host, worker_pid, status, claimed_at, heartbeat_at) VALUES (?,?,?,?,?,'RUNNING',?,?)",
                    stepExecutionId, jobExecutionId, stepName, worker.host(), worker.pid(), Timestamp.from(at),
                    Timestamp.from(at)) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Marks a running partition alive; false if it is no longer this worker's to run (the manager took it back). */
    boolean heartbeat(long stepExecutionId, Worker worker, Instant at) {
        return heartbeat(stepExecutionId, worker, at, null, null);
    }

    /** A heartbeat that also reports what a loading partition has written so far (null: nothing to report). */
    boolean heartbeat(long stepExecutionId, Worker worker, Instant at, Long items, Long bytes) {
        return jdbc.update("UPDATE rehearsal_partition SET heartbeat_at = ?, items = COALESCE(?, items),"
                + " bytes = COALESCE(?, bytes) WHERE step_execution_id = ? AND worker_host = ? AND worker_pid = ?"
                + " AND status = 'RUNNING'", Timestamp.from(at), items, bytes, stepExecutionId, worker.host(),
                worker.pid()) == 1;
    }

    /** What the partitions of a job execution have written so far: items and bytes, summed. */
    long[] written(long jobExecutionId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(items), 0), COALESCE(SUM(bytes), 0) FROM rehearsal_partition"
                + " WHERE job_execution_id = ? AND status <> 'LOST'", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                jobExecutionId);
    }

    /** Records how a claimed partition ended, unless the manager declared it lost first. */
    void finished(long stepExecutionId, String status, String error, Instant at) {
        finished(stepExecutionId, status, error, at, null, null);
    }

    /** Records how a claimed partition ended and, for one that loaded data, what it wrote in all. */
    void finished(long stepExecutionId, String status, String error, Instant at, Long items, Long bytes) {
        jdbc.update("UPDATE rehearsal_partition SET status = ?, finished_at = ?, error = ?, items = COALESCE(?, items),"
                + " bytes = COALESCE(?, bytes) WHERE step_execution_id = ? AND status = 'RUNNING'", status,
                Timestamp.from(at), cut(error), items, bytes, stepExecutionId);
    }

    /** Declares a running partition lost; false if it ended meanwhile. */
    boolean lost(long stepExecutionId, String why, Instant at) {
        return jdbc.update("UPDATE rehearsal_partition SET status = 'LOST', finished_at = ?, error = ?"
                + " WHERE step_execution_id = ? AND status = 'RUNNING'", Timestamp.from(at), cut(why), stepExecutionId) == 1;
    }

    /**
     * Declares every running partition of a job execution lost, when the job itself was recovered
     * after its manager died: their workers see it at their next heartbeat and stop.
     */
    int abandon(long jobExecutionId, String why, Instant at) {
        return jdbc.update("UPDATE rehearsal_partition SET status = 'LOST', finished_at = ?, error = ?"
                + " WHERE job_execution_id = ? AND status = 'RUNNING'", Timestamp.from(at), cut(why), jobExecutionId);
    }

    /** The partitions of a job execution, in the order they were claimed. */
    public List<Partition> ofJobExecution(long jobExecutionId) {
        return jdbc.query("SELECT * FROM rehearsal_partition WHERE job_execution_id = ? ORDER BY claimed_at,"
                + " step_execution_id", this::partition, jobExecutionId);
    }

    private Partition partition(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Partition(rs.getLong("step_execution_id"), rs.getLong("job_execution_id"), rs.getString("step_name"),
                new Worker(rs.getString("worker_host"), rs.getLong("worker_pid")), rs.getString("status"),
                instant(rs.getTimestamp("claimed_at")), instant(rs.getTimestamp("heartbeat_at")),
                instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }

    /**
     * The partitions of every execution of the job instance a job execution belongs to, up to it:
     * a backup's partitions when the execution that committed it was a restart.
     */
    public List<Partition> ofJobInstanceUpTo(long jobExecutionId) {
        return jdbc.query("SELECT p.* FROM rehearsal_partition p JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID ="
                + " p.job_execution_id JOIN BATCH_JOB_EXECUTION last ON last.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID"
                + " WHERE last.JOB_EXECUTION_ID = ? AND p.job_execution_id <= ? ORDER BY p.job_execution_id, p.claimed_at,"
                + " p.step_execution_id", this::partition, jobExecutionId, jobExecutionId);
    }

    /** Whether a partition of the job execution was declared lost: its job may be restarted to run it again. */
    public boolean anyLost(long jobExecutionId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_partition WHERE job_execution_id = ?"
                + " AND status = 'LOST'", Integer.class, jobExecutionId);
        return n != null && n > 0;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 990) + "…[cut]";
    }
}
