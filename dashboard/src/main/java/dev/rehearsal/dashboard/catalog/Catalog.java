package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.DrillResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records committed backups and finished drills, and prunes history older than the retention setting. */
public final class Catalog {

    private final JdbcTemplate jdbc;

    public Catalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void backupCommitted(String store, BackupResult b) {
        jdbc.update("INSERT INTO rehearsal_backup (source, table_name, backup_id, store, items, stored_bytes,"
                        + " content_digest, started_at, finished_at, duration_ms) VALUES (?,?,?,?,?,?,?,?,?,?)",
                b.ref().source(), b.ref().table(), b.ref().id().value(), store, b.manifest().totals().items(),
                b.manifest().totals().bytes(), b.manifest().contentDigest().display(),
                Timestamp.from(b.manifest().startedAt()), Timestamp.from(b.manifest().finishedAt()),
                b.duration().toMillis());
    }

    public void drillFinished(DrillResult r) {
        jdbc.update("INSERT INTO rehearsal_drill (drill_id, source, table_name, backup_id, outcome, recovery_ms, items,"
                        + " started_at, finished_at, report_json) VALUES (?,?,?,?,?,?,?,?,?,?)",
                r.drillId(), r.source(), r.table(), r.backupId(), r.outcome().name(),
                r.recoveryTime() == null ? null : r.recoveryTime().toMillis(), r.items(),
                Timestamp.from(r.startedAt()), Timestamp.from(r.finishedAt()), DrillReports.json(r));
    }

    /** The backup id restored by the newest passing drill of a table: its newest verified backup. */
    public java.util.Optional<String> newestVerifiedBackup(String source, String table) {
        return jdbc.queryForList("SELECT backup_id FROM rehearsal_drill WHERE source = ? AND table_name = ?"
                + " AND outcome = 'PASSED' ORDER BY finished_at DESC LIMIT 1", String.class, source, table).stream().findFirst();
    }

    public void backupDeleted(String source, String table, String backupId) {
        jdbc.update("DELETE FROM rehearsal_backup WHERE source = ? AND table_name = ? AND backup_id = ?", source, table, backupId);
    }

    public void restoreStarted(String restoreId, String source, String table, Instant at) {
        jdbc.update("INSERT INTO rehearsal_restore (restore_id, source, table_name, status, items, total_items, percent,"
                + " started_at) VALUES (?,?,?,'RUNNING',0,0,0,?)", restoreId, source, table, Timestamp.from(at));
    }

    public void restoreProgress(String restoreId, String backupId, String target, long items, long total, double percent,
            Long etaSeconds) {
        jdbc.update("UPDATE rehearsal_restore SET backup_id = ?, target = ?, items = ?, total_items = ?, percent = ?,"
                + " eta_seconds = ? WHERE restore_id = ?", backupId, target, items, total, percent, etaSeconds, restoreId);
    }

    /** @param status SUCCEEDED (restored and verified), FAILED or CANCELLED */
    public void restoreFinished(String restoreId, String status, Long recoveryMs, String error, Instant at) {
        jdbc.update("UPDATE rehearsal_restore SET status = ?, recovery_ms = ?, error = ?, finished_at = ?,"
                + " eta_seconds = NULL WHERE restore_id = ?", status, recoveryMs, error, Timestamp.from(at), restoreId);
    }

    /** Deletes drill and backup records older than {@code cutoff}; the backups themselves stay in their store. */
    public int prune(Instant cutoff) {
        Timestamp t = Timestamp.from(cutoff);
        return jdbc.update("DELETE FROM rehearsal_drill WHERE finished_at < ?", t)
                + jdbc.update("DELETE FROM rehearsal_restore WHERE finished_at < ?", t)
                + jdbc.update("DELETE FROM rehearsal_backup WHERE finished_at < ?", t);
    }
}
