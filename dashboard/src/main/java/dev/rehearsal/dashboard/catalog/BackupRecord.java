package dev.rehearsal.dashboard.catalog;

import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/** A committed backup as the catalog recorded it. */
public record BackupRecord(String source, String table, String backupId, String store, long items, long storedBytes,
        String contentDigest, Instant startedAt, Instant finishedAt, long durationMs) {

    static final RowMapper<BackupRecord> ROWS = (rs, n) -> new BackupRecord(rs.getString("source"),
            rs.getString("table_name"), rs.getString("backup_id"), rs.getString("store"), rs.getLong("items"),
            rs.getLong("stored_bytes"), rs.getString("content_digest"), rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("finished_at").toInstant(), rs.getLong("duration_ms"));
}
