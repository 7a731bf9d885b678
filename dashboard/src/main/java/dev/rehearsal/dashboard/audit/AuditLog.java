package dev.rehearsal.dashboard.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends to the audit log in the catalog and writes each entry as one structured line to the
 * {@code rehearsal.audit} logger. There is no update and no delete.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("rehearsal.audit");

    /**
     * @param actor     the token name, the JWT subject, or {@code scheduler}
     * @param role      the actor's role, null for the scheduler
     * @param action    what was asked, e.g. {@code restore.start}, {@code backup.schedule}
     * @param target    what it was asked of, e.g. {@code demo/orders}
     * @param outcome   the HTTP status and a word, or what the scheduler did
     * @param requestId the request's id, also in the response's X-Request-Id header; null for the scheduler
     */
    public record Entry(long id, Instant at, String actor, String role, String action, String target, String outcome,
            String requestId, String detail) {
    }

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String actor, String role, String action, String target, String outcome, String requestId,
            String detail) {
        Instant now = Instant.now();
        String d = detail == null ? null : detail.length() > 1000 ? detail.substring(0, 997) + "..." : detail;
        jdbc.update("INSERT INTO rehearsal_audit (at, actor, role, action, target, outcome, request_id, detail)"
                + " VALUES (?,?,?,?,?,?,?,?)", Timestamp.from(now), actor, role, action, target, outcome, requestId, d);
        log.info("audit at={} actor={} role={} action={} target={} outcome={} request_id={}{}", now, quote(actor),
                role == null ? "-" : role, action, quote(target), quote(outcome), requestId == null ? "-" : requestId,
                d == null ? "" : " detail=" + quote(d));
    }

    /** The newest entries first; {@code beforeId} pages back through older ones. */
    public List<Entry> recent(int limit, Long beforeId) {
        String sql = "SELECT id, at, actor, role, action, target, outcome, request_id, detail FROM rehearsal_audit"
                + (beforeId == null ? "" : " WHERE id < ?") + " ORDER BY id DESC LIMIT " + Math.max(1, Math.min(limit, 1000));
        Object[] args = beforeId == null ? new Object[0] : new Object[] {beforeId};
        return jdbc.query(sql, (rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                rs.getString("actor"), rs.getString("role"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("request_id"), rs.getString("detail")), args);
    }

    private static String quote(String s) {
        if (s == null) {
            return "-";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
