package dev.rehearsal.dashboard.audit;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Appends to the audit log in the catalog and writes each finished entry as one structured line to
 * the {@code rehearsal.audit} logger. There is no delete. A mutation is audited in two writes: the
 * entry is inserted with the outcome {@value #ACCEPTED} before anything is done ({@link #accept}),
 * and its outcome is filled in once when the call ends ({@link #finish}); an entry whose outcome
 * stays {@value #ACCEPTED} belongs to a call whose process died before it answered.
 *
 * <p>Every value is made to fit its column before the insert, so that no entry can fail on its
 * length: control characters are escaped as {@code \\uXXXX} (PostgreSQL refuses NUL in text), and a
 * value longer than its column is cut at a character boundary and ends with {@code …[cut, N chars]},
 * N being its full length.
 */
public final class AuditLog {

    public static final String ACCEPTED = "accepted";
    private static final Logger log = LoggerFactory.getLogger("rehearsal.audit");

    /** Column widths of {@code rehearsal_audit}, in characters (V1__catalog.sql). */
    static final int ACTOR = 128;
    static final int ROLE = 16;
    static final int ACTION = 64;
    static final int TARGET = 512;
    static final int OUTCOME = 64;
    static final int REQUEST_ID = 64;
    static final int DETAIL = 1000;

    /**
     * @param actor     the token name, the JWT subject, {@code anonymous} or {@code scheduler}
     * @param role      the actor's role, null for the scheduler and for anonymous callers
     * @param action    what was asked, e.g. {@code restore.start}, {@code backup.schedule}
     * @param target    what it was asked of, e.g. {@code demo/orders}
     * @param outcome   the HTTP status and a word, what the scheduler did, or {@value #ACCEPTED} while the call runs
     * @param requestId the request's id, also in the response's X-Request-Id header; null for the scheduler
     */
    public record Entry(long id, Instant at, String actor, String role, String action, String target, String outcome,
            String requestId, String detail) {
    }

    /** An entry written before its call's effect; the call then reports how it ended through {@link #finish}. */
    public record Accepted(long id, String actor, String role, String action, String target, String requestId) {
    }

    /** The audit log could not be written: the call it was to record must not go ahead. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String action, DataAccessException cause) {
            super("the audit log could not be written, so '" + action + "' was not started: "
                    + cause.getMostSpecificCause().getMessage(), cause);
        }
    }

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a call that is complete as it is recorded: a refusal, or a scheduler's decision. */
    public void record(String actor, String role, String action, String target, String outcome, String requestId,
            String detail) {
        insert(actor, role, action, target, outcome, requestId, detail);
        log(actor, role, action, target, outcome, requestId, detail);
    }

    /**
     * Durably records that a call is about to take effect. Call it after every check that can
     * refuse the call and before the first side effect.
     *
     * @throws Unavailable if the entry cannot be written; the caller must then do nothing
     */
    public Accepted accept(String actor, String role, String action, String target, String requestId, String detail) {
        try {
            long id = insert(actor, role, action, target, ACCEPTED, requestId, detail);
            return new Accepted(id, actor, role, action, target, requestId);
        } catch (DataAccessException e) {
            throw new Unavailable(action, e);
        }
    }

    /** Fills in how an accepted call ended; only once, an outcome already set stays. */
    public void finish(Accepted entry, String outcome) {
        jdbc.update("UPDATE rehearsal_audit SET outcome = ? WHERE id = ? AND outcome = ?", fit(outcome, OUTCOME),
                entry.id(), ACCEPTED);
        log(entry.actor(), entry.role(), entry.action(), entry.target(), outcome, entry.requestId(), null);
    }

    private long insert(String actor, String role, String action, String target, String outcome, String requestId,
            String detail) {
        Object[] values = {Timestamp.from(Instant.now()), fit(actor == null ? "anonymous" : actor, ACTOR),
                fit(role, ROLE), fit(action, ACTION), fit(target, TARGET), fit(outcome, OUTCOME),
                fit(requestId, REQUEST_ID), fit(detail, DETAIL)};
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement s = c.prepareStatement("INSERT INTO rehearsal_audit (at, actor, role, action, target,"
                    + " outcome, request_id, detail) VALUES (?,?,?,?,?,?,?,?)", new String[] {"id"});
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s;
        }, key);
        Number id = key.getKey();
        if (id == null) {
            throw new IllegalStateException("the catalog returned no id for a new audit entry");
        }
        return id.longValue();
    }

    /**
     * A value made to fit a column of {@code width} characters: control characters escaped, and a
     * too-long value cut at a character boundary with a marker giving its full length.
     */
    static String fit(String value, int width) {
        if (value == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(value.length(), width + 32));
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            boolean loneSurrogate = Character.charCount(cp) == 1 && Character.isSurrogate((char) cp);
            if (Character.isISOControl(cp) || loneSurrogate) {
                clean.append(String.format("\\u%04x", cp));
            } else {
                clean.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        if (clean.length() <= width) {
            return clean.toString();
        }
        String marker = "…[cut, " + clean.length() + " chars]";
        int end = width - marker.length();
        if (Character.isLowSurrogate(clean.charAt(end)) && Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end) + marker;
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

    private static void log(String actor, String role, String action, String target, String outcome, String requestId,
            String detail) {
        log.info("audit actor={} role={} action={} target={} outcome={} request_id={}{}", quote(actor),
                role == null ? "-" : role, quote(action), quote(target), quote(outcome),
                requestId == null ? "-" : quote(requestId), detail == null ? "" : " detail=" + quote(detail));
    }

    /** A value for the log line: fitted like the column (a log line is no place for 10,000 characters), quoted. */
    private static String quote(String s) {
        if (s == null) {
            return "-";
        }
        return "\"" + fit(s, TARGET).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
