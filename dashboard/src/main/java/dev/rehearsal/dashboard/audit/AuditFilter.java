package dev.rehearsal.dashboard.audit;

import dev.rehearsal.dashboard.api.RequestIds;
import dev.rehearsal.dashboard.security.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every mutating API call that got past authorization, with the status it ended with.
 * Controllers name the action and target through {@link #describe}; otherwise the method and
 * path stand for them. Calls refused for their role are recorded by the access-denied handler.
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final String ACTION = AuditFilter.class.getName() + ".action";
    private static final String TARGET = AuditFilter.class.getName() + ".target";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final AuditLog audit;

    public AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    /** Names what a request does, for its audit entry. */
    public static void describe(HttpServletRequest request, String action, String target) {
        request.setAttribute(ACTION, action);
        request.setAttribute(TARGET, target);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        try {
            chain.doFilter(request, response);
        } finally {
            Object action = request.getAttribute(ACTION);
            Object target = request.getAttribute(TARGET);
            audit.record(actor(who), role(who),
                    action != null ? action.toString() : request.getMethod() + " " + request.getRequestURI(),
                    target != null ? target.toString() : request.getRequestURI(),
                    Integer.toString(response.getStatus()), RequestIds.of(request), null);
        }
    }

    public static String actor(Authentication who) {
        return who == null ? "anonymous" : who.getName();
    }

    public static String role(Authentication who) {
        return who == null ? null : Role.highest(who.getAuthorities()).map(Role::label).orElse("none");
    }
}
