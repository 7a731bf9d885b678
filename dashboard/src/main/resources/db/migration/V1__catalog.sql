-- Rehearsal's catalog. Spring Batch's own tables are created by V2.

CREATE TABLE rehearsal_backup (
    source            VARCHAR(64)  NOT NULL,
    table_name        VARCHAR(255) NOT NULL,
    backup_id         VARCHAR(40)  NOT NULL,
    store             VARCHAR(64)  NOT NULL,
    items             BIGINT       NOT NULL,
    stored_bytes      BIGINT       NOT NULL,
    content_digest    VARCHAR(100) NOT NULL,
    started_at        TIMESTAMP    NOT NULL,
    finished_at       TIMESTAMP    NOT NULL,
    duration_ms       BIGINT       NOT NULL,
    PRIMARY KEY (source, table_name, backup_id)
);

CREATE TABLE rehearsal_drill (
    drill_id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    source            VARCHAR(64)  NOT NULL,
    table_name        VARCHAR(255) NOT NULL,
    backup_id         VARCHAR(40),
    outcome           VARCHAR(10)  NOT NULL,
    recovery_ms       BIGINT,
    items             BIGINT       NOT NULL,
    started_at        TIMESTAMP    NOT NULL,
    finished_at       TIMESTAMP    NOT NULL,
    report_json       TEXT         NOT NULL
);

CREATE INDEX rehearsal_drill_table ON rehearsal_drill (source, table_name, finished_at);

-- Written before a sandbox table is created: proof of ownership where the engine has no tags.
CREATE TABLE rehearsal_sandbox_ledger (
    table_name        VARCHAR(255) NOT NULL PRIMARY KEY,
    drill_id          VARCHAR(40)  NOT NULL,
    recorded_at       TIMESTAMP    NOT NULL
);

-- ShedLock: one replica at a time runs a scheduled job for a table.
CREATE TABLE shedlock (
    name              VARCHAR(255) NOT NULL PRIMARY KEY,
    lock_until        TIMESTAMP    NOT NULL,
    locked_at         TIMESTAMP    NOT NULL,
    locked_by         VARCHAR(255) NOT NULL
);
