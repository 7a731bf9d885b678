-- Partitions run by remote partitioning (rehearsal.cluster): one row per partition step execution,
-- written by the worker that claims it. The primary key is the claim: a second delivery of the same
-- request finds the row and is dropped, so that a partition is never executed twice. RUNNING while
-- the worker's heartbeat goes on; COMPLETED or FAILED when its step ends; LOST when the manager
-- found the heartbeat stale and failed the step so that a restart re-runs it.
CREATE TABLE rehearsal_partition (
    step_execution_id BIGINT       NOT NULL PRIMARY KEY,
    job_execution_id  BIGINT       NOT NULL,
    step_name         VARCHAR(100) NOT NULL,
    worker_host       VARCHAR(255) NOT NULL,
    worker_pid        BIGINT       NOT NULL,
    status            VARCHAR(10)  NOT NULL,
    claimed_at        TIMESTAMP    NOT NULL,
    heartbeat_at      TIMESTAMP    NOT NULL,
    finished_at       TIMESTAMP,
    error             VARCHAR(1000)
);

CREATE INDEX rehearsal_partition_job ON rehearsal_partition (job_execution_id);

-- The job execution that committed a backup: its partitions, and those of the executions of the
-- same job instance before it (a restart), are the backup's partitions.
ALTER TABLE rehearsal_backup ADD COLUMN job_execution_id BIGINT;

-- What a running partition that loads data has written so far, as its worker's heartbeat reports
-- it: the manager adds these up into the restore's progress.
ALTER TABLE rehearsal_partition ADD COLUMN items BIGINT;
ALTER TABLE rehearsal_partition ADD COLUMN bytes BIGINT;
