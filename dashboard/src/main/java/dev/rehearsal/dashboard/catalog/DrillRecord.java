package dev.rehearsal.dashboard.catalog;

import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/** A finished drill as the catalog recorded it; its full report is read separately. */
public record DrillRecord(String drillId, String source, String table, String backupId, String outcome,
        Long recoveryMs, long items, Instant startedAt, Instant finishedAt) {

    static final RowMapper<DrillRecord> ROWS = (rs, n) -> new DrillRecord(rs.getString("drill_id"),
            rs.getString("source"), rs.getString("table_name"), rs.getString("backup_id"), rs.getString("outcome"),
            (Long) rs.getObject("recovery_ms", Long.class), rs.getLong("items"), rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("finished_at").toInstant());
}
