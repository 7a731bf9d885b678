-- Every restore, with its live progress while it runs and its result afterwards.
CREATE TABLE rehearsal_restore (
    restore_id        VARCHAR(40)  NOT NULL PRIMARY KEY,
    source            VARCHAR(64)  NOT NULL,
    table_name        VARCHAR(255) NOT NULL,
    backup_id         VARCHAR(40),
    target            VARCHAR(255),
    status            VARCHAR(10)  NOT NULL,
    items             BIGINT       NOT NULL,
    total_items       BIGINT       NOT NULL,
    percent           DOUBLE PRECISION NOT NULL,
    eta_seconds       BIGINT,
    started_at        TIMESTAMP    NOT NULL,
    finished_at       TIMESTAMP,
    recovery_ms       BIGINT,
    error             TEXT
);
