package dev.rehearsal.dashboard.catalog;

import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/**
 * A finished drill as the catalog recorded it; its full report and its envelope are read separately.
 *
 * @param evidenceSha256 SHA-256 of its envelope's payload; null if it was stored before evidence existed
 * @param evidenceKeyId  the key that signed its envelope; null if unsigned or none
 * @param planRunId      the plan run it was part of, or null
 */
public record DrillRecord(String drillId, String source, String table, String backupId, String outcome,
        Long recoveryMs, long items, Instant startedAt, Instant finishedAt, String evidenceKeyId, String evidenceSha256,
        String planRunId) {

    static final RowMapper<DrillRecord> ROWS = (rs, n) -> new DrillRecord(rs.getString("drill_id"),
            rs.getString("source"), rs.getString("table_name"), rs.getString("backup_id"), rs.getString("outcome"),
            (Long) rs.getObject("recovery_ms", Long.class), rs.getLong("items"), rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("finished_at").toInstant(), rs.getString("evidence_key_id"), rs.getString("evidence_sha256"),
            rs.getString("plan_run_id"));
}
