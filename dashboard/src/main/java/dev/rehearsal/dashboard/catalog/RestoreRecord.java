package dev.rehearsal.dashboard.catalog;

import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/**
 * A restore, running or finished.
 *
 * @param status where the restore stands
 * @param sandbox whether the target is a sandbox table (false: a new table an admin named)
 * @param partialTable a table a failed or cancelled restore into a new table left behind, or null
 */
public record RestoreRecord(String restoreId, String source, String table, String backupId, String target,
        boolean sandbox, String requestedBy, RestoreStatus status, String phase, long items, long totalItems, double percent,
        Double itemsPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, Long recoveryMs, String error,
        String partialTable) {

    static final RowMapper<RestoreRecord> ROWS = (rs, n) -> new RestoreRecord(rs.getString("restore_id"),
            rs.getString("source"), rs.getString("table_name"), rs.getString("backup_id"), rs.getString("target"),
            rs.getBoolean("sandbox"), rs.getString("requested_by"), RestoreStatus.valueOf(rs.getString("status")), rs.getString("phase"),
            rs.getLong("items"), rs.getLong("total_items"), rs.getDouble("percent"),
            (Double) rs.getObject("items_per_second", Double.class), (Long) rs.getObject("eta_seconds", Long.class),
            rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
            (Long) rs.getObject("recovery_ms", Long.class), rs.getString("error"),
            rs.getString("partial_table"));

    public boolean running() {
        return status.running();
    }
}
