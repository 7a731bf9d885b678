package dev.rehearsal.dashboard.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request paths and query strings longer than any the API or the dashboard ever needs with
 * 414, before anything else reads them. The longest name the engines allow (255 characters) fits
 * several times over. A refused call that could have changed something is audited (as anonymous:
 * nobody has been authenticated yet).
 */
public final class RequestLimits extends OncePerRequestFilter {

    public static final int MAX_PATH = 2048;
    public static final int MAX_QUERY = 4096;

    private final dev.rehearsal.dashboard.audit.UnauthenticatedAudit audit;

    public RequestLimits(dev.rehearsal.dashboard.audit.UnauthenticatedAudit audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String refusal = request.getRequestURI().length() > MAX_PATH ? "the request's path has "
                + request.getRequestURI().length() + " characters; at most " + MAX_PATH + " are accepted"
                : query != null && query.length() > MAX_QUERY ? "the request's query string has " + query.length()
                        + " characters; at most " + MAX_QUERY + " are accepted" : null;
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!java.util.List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod())) {
            try {
                audit.refused(request, request.getMethod() + " " + request.getRequestURI(), request.getRequestURI(),
                        "414 refused", refusal);
            } catch (RuntimeException e) {
                logger.error("The audit entry of a refused request could not be written: " + e);
            }
        }
        Problems.writeForPath(request, response, HttpStatus.URI_TOO_LONG, refusal);
    }
}
