-- Every run of a recovery plan, drill or incident: RUNNING while it goes (with a heartbeat, so that
-- another replica can tell a run whose process died), then VERIFIED, FAILED or CANCELLED with its
-- report (the plan drill report, or the incident's postmortem timeline).
CREATE TABLE rehearsal_plan_run (
    run_id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    plan              VARCHAR(64)  NOT NULL,
    mode              VARCHAR(10)  NOT NULL,
    status            VARCHAR(10)  NOT NULL,
    requested_by      VARCHAR(255),
    started_at        TIMESTAMP    NOT NULL,
    finished_at       TIMESTAMP,
    heartbeat_at      TIMESTAMP    NOT NULL,
    recovery_ms       BIGINT,
    error             TEXT,
    report_json       TEXT
);

CREATE INDEX rehearsal_plan_run_plan ON rehearsal_plan_run (plan, started_at);

-- The tables a plan run restored or drilled are drills and restores of their own, tied to the run.
ALTER TABLE rehearsal_drill ADD COLUMN plan_run_id VARCHAR(40);
ALTER TABLE rehearsal_restore ADD COLUMN plan_run_id VARCHAR(40);
