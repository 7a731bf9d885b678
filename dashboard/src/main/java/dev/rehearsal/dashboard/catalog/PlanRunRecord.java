package dev.rehearsal.dashboard.catalog;

import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/**
 * A plan run as the catalog recorded it; its report (null while it runs) is read separately.
 *
 * @param mode   {@code DRILL} or {@code INCIDENT}
 * @param status {@code RUNNING}, then {@code VERIFIED}, {@code FAILED} or {@code CANCELLED}
 * @param evidenceKeyId  the key that signed its envelope; null if unsigned or none
 * @param evidenceSha256 SHA-256 of its envelope's payload; null while it runs or when it has no report
 */
public record PlanRunRecord(String runId, String plan, String mode, String status, String requestedBy,
        Instant startedAt, Instant finishedAt, Instant heartbeatAt, Long recoveryMs, String error, String evidenceKeyId,
        String evidenceSha256) {

    public static final String RUNNING = "RUNNING";

    static final RowMapper<PlanRunRecord> ROWS = (rs, n) -> new PlanRunRecord(rs.getString("run_id"), rs.getString("plan"),
            rs.getString("mode"), rs.getString("status"), rs.getString("requested_by"),
            rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
            rs.getTimestamp("heartbeat_at").toInstant(), (Long) rs.getObject("recovery_ms", Long.class), rs.getString("error"),
            rs.getString("evidence_key_id"), rs.getString("evidence_sha256"));

    public boolean running() {
        return RUNNING.equals(status);
    }
}
