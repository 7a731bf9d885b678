package dev.rehearsal.dashboard.audit;

import dev.rehearsal.dashboard.api.RequestIds;
import dev.rehearsal.dashboard.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The audit entry of one HTTP request that may change something. A controller names the action and
 * its target as soon as it has read the request ({@link #describe}), runs every check that can
 * refuse it, and calls {@link #accept} right before the first side effect: that writes the entry,
 * and a call whose entry cannot be written does not go ahead. {@link AuditFilter} fills in the
 * outcome when the request ends, or, for a request that never got as far as {@link #accept},
 * writes its one entry then.
 */
public final class RequestAudit {

    private static final String ACTION = RequestAudit.class.getName() + ".action";
    private static final String TARGET = RequestAudit.class.getName() + ".target";
    private static final String ENTRY = RequestAudit.class.getName() + ".entry";
    private static final String OUTCOME = RequestAudit.class.getName() + ".outcome";

    private final AuditLog log;

    public RequestAudit(AuditLog log) {
        this.log = log;
    }

    /** Names what a request does, for its audit entry. */
    public static void describe(HttpServletRequest request, String action, String target) {
        request.setAttribute(ACTION, action);
        request.setAttribute(TARGET, target);
    }

    /** An outcome in words to record instead of the bare HTTP status (a dashboard redirect says little). */
    public static void outcome(HttpServletRequest request, String outcome) {
        request.setAttribute(OUTCOME, outcome);
    }

    /**
     * Durably records the described call as accepted, before it takes effect.
     *
     * @throws AuditLog.Unavailable if the entry cannot be written; nothing may then be started
     */
    public AuditLog.Accepted accept(HttpServletRequest request) {
        Object existing = request.getAttribute(ENTRY);
        if (existing instanceof AuditLog.Accepted a) {
            return a;
        }
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        AuditLog.Accepted entry = log.accept(actor(who), role(who), action(request), target(request),
                RequestIds.of(request), null);
        request.setAttribute(ENTRY, entry);
        return entry;
    }

    /** Writes how the request ended: the outcome of its accepted entry, or its one entry if it was refused before. */
    void ended(HttpServletRequest request, int status) {
        Object outcome = request.getAttribute(OUTCOME);
        String how = outcome != null ? outcome.toString() : Integer.toString(status);
        if (request.getAttribute(ENTRY) instanceof AuditLog.Accepted entry) {
            log.finish(entry, how);
        } else {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            log.record(actor(who), role(who), action(request), target(request), how, RequestIds.of(request), null);
        }
    }

    private static String action(HttpServletRequest request) {
        Object a = request.getAttribute(ACTION);
        return a != null ? a.toString() : request.getMethod() + " " + request.getRequestURI();
    }

    private static String target(HttpServletRequest request) {
        Object t = request.getAttribute(TARGET);
        return t != null ? t.toString() : request.getRequestURI();
    }

    public static String actor(Authentication who) {
        return who == null ? "anonymous" : who.getName();
    }

    public static String role(Authentication who) {
        return who == null ? null : Role.highest(who.getAuthorities()).map(Role::label).orElse("none");
    }
}
