package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.evidence.Envelope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records committed backups and finished drills, and prunes history older than the retention setting. */
public final class Catalog {

    private final JdbcTemplate jdbc;
    private final ReportSigner signer;

    /** A catalog that stores reports in unsigned envelopes. */
    public Catalog(JdbcTemplate jdbc) {
        this(jdbc, ReportSigner.UNSIGNED);
    }

    /** @param signer wraps each drill and plan-run report in its envelope as it is stored */
    public Catalog(JdbcTemplate jdbc, ReportSigner signer) {
        this.jdbc = jdbc;
        this.signer = signer;
    }

    /** Records a committed backup, and the job execution that committed it (null if none did). */
    public void backupCommitted(String store, BackupResult b, Long jobExecutionId) {
        jdbc.update("INSERT INTO rehearsal_backup (source, table_name, backup_id, store, items, stored_bytes,"
                        + " content_digest, started_at, finished_at, duration_ms, job_execution_id)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                b.ref().source(), b.ref().table(), b.ref().id().value(), store, b.manifest().totals().items(),
                b.manifest().totals().bytes(), b.manifest().contentDigest().display(),
                Timestamp.from(b.manifest().startedAt()), Timestamp.from(b.manifest().finishedAt()),
                b.duration().toMillis(), jobExecutionId);
    }

    /** The job execution that committed a backup, if the catalog knows it. */
    public java.util.Optional<Long> backupJobExecution(String source, String table, String backupId) {
        return jdbc.query("SELECT job_execution_id FROM rehearsal_backup WHERE source = ? AND table_name = ?"
                + " AND backup_id = ?", (rs, i) -> rs.getObject(1) == null ? null : rs.getLong(1), source, table, backupId)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    public void drillFinished(DrillResult r) {
        drillFinished(r, null);
    }

    /** @param planRunId the plan run the drill was part of, or null for a drill of its own */
    public void drillFinished(DrillResult r, String planRunId) {
        Envelope evidence = signer.drill(r);
        jdbc.update("INSERT INTO rehearsal_drill (drill_id, source, table_name, backup_id, outcome, recovery_ms, items,"
                        + " started_at, finished_at, report_json, plan_run_id, evidence, evidence_key_id, evidence_sha256)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.drillId(), r.source(), r.table(), r.backupId(), r.outcome().name(),
                r.recoveryTime() == null ? null : r.recoveryTime().toMillis(), r.items(),
                Timestamp.from(r.startedAt()), Timestamp.from(r.finishedAt()), DrillReports.json(r), planRunId,
                evidence.toJson(), evidence.keyId(), evidence.payloadSha256());
    }

    /** A drill's DSSE envelope as stored with its report; empty for an unknown drill or one stored before evidence existed. */
    public java.util.Optional<String> drillEvidence(String drillId) {
        return jdbc.queryForList("SELECT evidence FROM rehearsal_drill WHERE drill_id = ? AND evidence IS NOT NULL",
                String.class, drillId).stream().findFirst();
    }

    /** A plan run's DSSE envelope; empty while it runs, and for one that ended without a report. */
    public java.util.Optional<String> planRunEvidence(String runId) {
        return jdbc.queryForList("SELECT evidence FROM rehearsal_plan_run WHERE run_id = ? AND evidence IS NOT NULL",
                String.class, runId).stream().findFirst();
    }

    private Envelope planRunEnvelope(String reportJson) {
        return reportJson == null ? null : signer.planRun(dev.rehearsal.drill.plan.PlanReports.fromJson(reportJson));
    }

    /** Records a plan run as running, before any of its tables is touched. */
    public void planRunStarted(String runId, String plan, String mode, String requestedBy, Instant at) {
        jdbc.update("INSERT INTO rehearsal_plan_run (run_id, plan, mode, status, requested_by, started_at, heartbeat_at)"
                + " VALUES (?,?,?,'RUNNING',?,?,?)", runId, plan, mode, requestedBy, Timestamp.from(at), Timestamp.from(at));
    }

    /** Marks plan runs this process runs as alive. */
    public void planRunsAlive(java.util.Collection<String> runIds, Instant at) {
        for (String id : runIds) {
            jdbc.update("UPDATE rehearsal_plan_run SET heartbeat_at = ? WHERE run_id = ? AND status = 'RUNNING'",
                    Timestamp.from(at), id);
        }
    }

    /** Records how a plan run ended, with its report; only a run still marked running is changed. */
    public boolean planRunFinished(String runId, String status, Long recoveryMs, String error, String reportJson, Instant at) {
        Envelope e = planRunEnvelope(reportJson);
        return jdbc.update("UPDATE rehearsal_plan_run SET status = ?, recovery_ms = ?, error = ?, report_json = ?,"
                + " evidence = ?, evidence_key_id = ?, evidence_sha256 = ?, finished_at = ? WHERE run_id = ?"
                + " AND status = 'RUNNING'", status, recoveryMs, error, reportJson, e == null ? null : e.toJson(),
                e == null ? null : e.keyId(), e == null ? null : e.payloadSha256(), Timestamp.from(at), runId) == 1;
    }

    /** Replaces a finished run's report (its timeline completed with what happened after it ended), signed anew. */
    public void planRunReport(String runId, String reportJson) {
        Envelope e = planRunEnvelope(reportJson);
        jdbc.update("UPDATE rehearsal_plan_run SET report_json = ?, evidence = ?, evidence_key_id = ?, evidence_sha256 = ?"
                + " WHERE run_id = ? AND status <> 'RUNNING'", reportJson, e.toJson(), e.keyId(), e.payloadSha256(), runId);
    }

    public java.util.Optional<PlanRunRecord> planRun(String runId) {
        return jdbc.query(PLAN_RUNS + " WHERE run_id = ?", PlanRunRecord.ROWS, runId).stream().findFirst();
    }

    /** Plan runs, newest first; each filter null for any. */
    public List<PlanRunRecord> planRuns(String plan, String mode, int limit) {
        Filter f = new Filter().eq("plan", plan).eq("mode", mode);
        return jdbc.query(PLAN_RUNS + f.where + " ORDER BY started_at DESC LIMIT " + clamp(limit), PlanRunRecord.ROWS,
                f.args.toArray());
    }

    /** Plan runs marked running whose heartbeat is older than {@code before}: their process died. */
    public List<PlanRunRecord> stalePlanRuns(Instant before) {
        return jdbc.query(PLAN_RUNS + " WHERE status = 'RUNNING' AND heartbeat_at < ?", PlanRunRecord.ROWS,
                Timestamp.from(before));
    }

    /** The plan run's report as written by PlanReports.json; empty while it runs. */
    public java.util.Optional<String> planRunReport(String runId) {
        return jdbc.queryForList("SELECT report_json FROM rehearsal_plan_run WHERE run_id = ? AND report_json IS NOT NULL",
                String.class, runId).stream().findFirst();
    }

    /** The reports of a plan's finished drills, newest first. */
    public List<String> planDrillReports(String plan, int limit) {
        return jdbc.queryForList("SELECT report_json FROM rehearsal_plan_run WHERE plan = ? AND mode = 'DRILL'"
                + " AND report_json IS NOT NULL ORDER BY started_at DESC LIMIT " + clamp(limit), String.class, plan);
    }

    /** Every table with a backup recorded, whether or not its source still has it. */
    public List<dev.rehearsal.core.TableId> backedUpTables() {
        return jdbc.query("SELECT DISTINCT source, table_name FROM rehearsal_backup ORDER BY source, table_name",
                (rs, n) -> new dev.rehearsal.core.TableId(rs.getString("source"), rs.getString("table_name")));
    }

    /** Ties a restore to the plan run that started it. */
    public void restoreInPlanRun(String restoreId, String planRunId) {
        jdbc.update("UPDATE rehearsal_restore SET plan_run_id = ? WHERE restore_id = ?", planRunId, restoreId);
    }

    /** The backup id restored by the newest passing drill of a table: its newest verified backup. */
    public java.util.Optional<String> newestVerifiedBackup(String source, String table) {
        return jdbc.queryForList("SELECT backup_id FROM rehearsal_drill WHERE source = ? AND table_name = ?"
                + " AND outcome = 'PASSED' ORDER BY finished_at DESC LIMIT 1", String.class, source, table).stream().findFirst();
    }

    public void backupDeleted(String source, String table, String backupId) {
        jdbc.update("DELETE FROM rehearsal_backup WHERE source = ? AND table_name = ? AND backup_id = ?", source, table, backupId);
    }

    /** Records a restore as running; a restore requested over the API is already recorded, and stays as it is. */
    public void restoreStarted(String restoreId, String source, String table, Instant at) {
        if (restore(restoreId).isEmpty()) {
            restoreRequested(restoreId, source, table, null, null, true, null, at);
        }
    }

    /** Records a restore when it is asked for, so that its status can be read at once. */
    public void restoreRequested(String restoreId, String source, String table, String backupId, String target,
            boolean sandbox, String requestedBy, Instant at) {
        jdbc.update("INSERT INTO rehearsal_restore (restore_id, source, table_name, backup_id, target, sandbox, requested_by,"
                + " status, items, total_items, percent, started_at) VALUES (?,?,?,?,?,?,?,'RUNNING',0,0,0,?)", restoreId,
                source, table, backupId, target, sandbox, requestedBy, Timestamp.from(at));
    }

    public void restoreProgress(String restoreId, String backupId, String target, long items, long total, double percent,
            Long etaSeconds, double itemsPerSecond, String phase) {
        jdbc.update("UPDATE rehearsal_restore SET backup_id = ?, target = ?, items = ?, total_items = ?, percent = ?,"
                + " eta_seconds = ?, items_per_second = ?, phase = ? WHERE restore_id = ?", backupId, target, items, total,
                percent, etaSeconds, itemsPerSecond, phase, restoreId);
    }

    public java.util.Optional<RestoreRecord> restore(String restoreId) {
        return jdbc.query(RESTORES + " WHERE restore_id = ?", RestoreRecord.ROWS, restoreId).stream().findFirst();
    }

    public List<RestoreRecord> restores(int limit) {
        return jdbc.query(RESTORES + " ORDER BY started_at DESC LIMIT " + clamp(limit), RestoreRecord.ROWS);
    }

    /** Backups, newest first; each filter null for any. */
    public List<BackupRecord> backups(String source, String table, Instant from, Instant to, int limit) {
        Filter f = new Filter().eq("source", source).eq("table_name", table)
                .op("finished_at", ">=", from == null ? null : Timestamp.from(from))
                .op("finished_at", "<", to == null ? null : Timestamp.from(to));
        return jdbc.query(f.sql(BACKUPS, limit), BackupRecord.ROWS, f.args.toArray());
    }

    public java.util.Optional<BackupRecord> newestBackup(String source, String table) {
        return backups(source, table, null, null, 1).stream().findFirst();
    }

    /** Drills, newest first; each filter null for any. */
    public List<DrillRecord> drills(String source, String table, String outcome, int limit) {
        Filter f = new Filter().eq("source", source).eq("table_name", table).eq("outcome", outcome);
        return jdbc.query(f.sql(DRILLS, limit), DrillRecord.ROWS, f.args.toArray());
    }

    /** A WHERE clause of the conditions whose value is given, newest first. */
    private static final class Filter {
        private final StringBuilder where = new StringBuilder();
        private final List<Object> args = new java.util.ArrayList<>();

        Filter eq(String column, Object value) {
            return op(column, "=", value);
        }

        Filter op(String column, String operator, Object value) {
            if (value != null) {
                where.append(where.isEmpty() ? " WHERE " : " AND ").append(column).append(' ').append(operator).append(" ?");
                args.add(value);
            }
            return this;
        }

        String sql(String select, int limit) {
            return select + where + " ORDER BY finished_at DESC LIMIT " + clamp(limit);
        }
    }

    /** Drills that finished in [from, to), oldest first: what a compliance export of the period counts. */
    public List<DrillRecord> drillsFinished(Instant from, Instant to) {
        return jdbc.query(DRILLS + " WHERE finished_at >= ? AND finished_at < ? ORDER BY finished_at", DrillRecord.ROWS,
                Timestamp.from(from), Timestamp.from(to));
    }

    /** Plan runs of a mode that finished in [from, to), oldest first. */
    public List<PlanRunRecord> planRunsFinished(String mode, Instant from, Instant to) {
        return jdbc.query(PLAN_RUNS + " WHERE mode = ? AND finished_at >= ? AND finished_at < ? ORDER BY finished_at",
                PlanRunRecord.ROWS, mode, Timestamp.from(from), Timestamp.from(to));
    }

    /** How many backups of each table were committed in [from, to). */
    public java.util.Map<dev.rehearsal.core.TableId, Long> backupsTaken(Instant from, Instant to) {
        java.util.Map<dev.rehearsal.core.TableId, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT source, table_name, COUNT(*) AS n FROM rehearsal_backup WHERE finished_at >= ? AND finished_at < ?"
                + " GROUP BY source, table_name ORDER BY source, table_name", rs -> {
                    counts.put(new dev.rehearsal.core.TableId(rs.getString("source"), rs.getString("table_name")),
                            rs.getLong("n"));
                }, Timestamp.from(from), Timestamp.from(to));
        return counts;
    }

    public java.util.Optional<DrillRecord> drill(String drillId) {
        return jdbc.query(DRILLS + " WHERE drill_id = ?", DrillRecord.ROWS, drillId).stream().findFirst();
    }

    /** The drill's report as written by DrillReports.json. */
    public java.util.Optional<String> drillReport(String drillId) {
        return jdbc.queryForList("SELECT report_json FROM rehearsal_drill WHERE drill_id = ?", String.class, drillId)
                .stream().findFirst();
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, 1000));
    }

    private static final String BACKUPS = "SELECT source, table_name, backup_id, store, items, stored_bytes, content_digest,"
            + " started_at, finished_at, duration_ms FROM rehearsal_backup";
    private static final String DRILLS = "SELECT drill_id, source, table_name, backup_id, outcome, recovery_ms, items,"
            + " started_at, finished_at, evidence_key_id, evidence_sha256, plan_run_id FROM rehearsal_drill";
    private static final String PLAN_RUNS = "SELECT run_id, plan, mode, status, requested_by, started_at, finished_at,"
            + " heartbeat_at, recovery_ms, error, evidence_key_id, evidence_sha256 FROM rehearsal_plan_run";
    private static final String RESTORES = "SELECT restore_id, source, table_name, backup_id, target, sandbox, requested_by,"
            + " status, phase, items, total_items, percent, items_per_second, eta_seconds, started_at, finished_at,"
            + " recovery_ms, error, partial_table FROM rehearsal_restore";

    public void restoreFinished(String restoreId, RestoreStatus status, Long recoveryMs, String error, Instant at) {
        restoreFinished(restoreId, status, recoveryMs, error, null, at);
    }

    /** @param partialTable a table the failed or cancelled restore left behind, or null */
    public void restoreFinished(String restoreId, RestoreStatus status, Long recoveryMs, String error, String partialTable,
            Instant at) {
        jdbc.update("UPDATE rehearsal_restore SET status = ?, recovery_ms = ?, error = ?, partial_table = ?,"
                + " finished_at = ?, eta_seconds = NULL WHERE restore_id = ?", status.name(), recoveryMs, error, partialTable,
                Timestamp.from(at), restoreId);
    }

    /** Deletes drill and backup records older than {@code cutoff}; the backups themselves stay in their store. */
    public int prune(Instant cutoff) {
        Timestamp t = Timestamp.from(cutoff);
        return jdbc.update("DELETE FROM rehearsal_drill WHERE finished_at < ?", t)
                + jdbc.update("DELETE FROM rehearsal_plan_run WHERE finished_at < ?", t)
                + jdbc.update("DELETE FROM rehearsal_restore WHERE finished_at < ?", t)
                + jdbc.update("DELETE FROM rehearsal_backup WHERE finished_at < ?", t);
    }
}
