package dev.rehearsal.dashboard.audit;

import dev.rehearsal.dashboard.api.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;

/**
 * Audits requests refused before anyone is known: for want of a valid token (401), or by the
 * firewall (a path it refuses on a call that could change something). At most {@code perMinute}
 * entries a minute in each replica, so that a flood of anonymous requests cannot fill the log; the
 * refusals past the limit are counted, and the first entry of the next minute says how many there were.
 */
public final class UnauthenticatedAudit {

    private final AuditLog log;
    private final int perMinute;
    private final Clock clock;
    private long minute = Long.MIN_VALUE;
    private int recorded;
    private long unrecorded;

    public UnauthenticatedAudit(AuditLog log, int perMinute, Clock clock) {
        this.log = log;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /**
     * Records one 401, unless this minute's entries are used up.
     *
     * @param action what was asked, e.g. {@code POST /api/v1/restores} or {@code dashboard.login}
     * @param why    the reason in words: no token, or a token that was not accepted (never the token)
     */
    public void refused(HttpServletRequest request, String action, String target, String why) {
        refused(request, action, target, "401 refused", why);
    }

    /** Records one anonymous refusal with its outcome, unless this minute's entries are used up. */
    public void refused(HttpServletRequest request, String action, String target, String outcome, String why) {
        String detail;
        synchronized (this) {
            long now = clock.millis() / 60_000;
            if (now != minute) {
                minute = now;
                recorded = 0;
            }
            if (recorded >= perMinute) {
                unrecorded++;
                return;
            }
            recorded++;
            detail = unrecorded == 0 ? why : why + "; " + unrecorded + " more anonymous refusals were not recorded one by one"
                    + " (rehearsal.security.unauthenticated-audit-per-minute is " + perMinute + ")";
            unrecorded = 0;
        }
        log.record("anonymous", null, action, target, outcome, RequestIds.of(request), detail);
    }
}
