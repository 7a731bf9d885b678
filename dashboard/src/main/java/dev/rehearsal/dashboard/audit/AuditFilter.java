package dev.rehearsal.dashboard.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request that may change something, once it is past authorization, exactly one audit
 * entry: the one its controller {@linkplain RequestAudit#accept accepted} before acting, with the
 * outcome filled in here, or, for a request refused before that, one written here with its status.
 * Refusals by the security chain itself (401, 403) are recorded by its handlers.
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final RequestAudit audit;

    public AuditFilter(RequestAudit audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            try {
                audit.ended(request, response.getStatus());
            } catch (RuntimeException e) {
                // The call itself was accepted in the log before it acted, or refused without acting.
                log.error("The audit entry of {} {} (request {}) could not be completed: {}", request.getMethod(),
                        request.getRequestURI(), dev.rehearsal.dashboard.api.RequestIds.of(request), e.toString());
            }
        }
    }
}
