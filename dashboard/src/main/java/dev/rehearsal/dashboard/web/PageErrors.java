package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.api.RequestIds;
import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.security.DeniedMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Error pages in the dashboard's layout. Exceptions on dashboard paths become the {@code error}
 * page with a sentence a person can act on; unknown paths and refusals from the security chain
 * reach it through Spring Boot's error controller. API paths are left to the API's problem details.
 */
@Component
class PageErrors implements HandlerExceptionResolver, ErrorViewResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final ObjectProvider<NavLink> links;

    PageErrors(ObjectProvider<NavLink> links) {
        this.links = links;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception e) {
        if (isApi(request)) {
            return null;
        }
        HttpStatus status;
        String message;
        if (e instanceof PageNotFound) {
            status = HttpStatus.NOT_FOUND;
            message = e.getMessage();
        } else if (e instanceof Refusal refused) {
            status = refused.status();
            message = e.getMessage();
        } else if (e instanceof AuditLog.Unavailable) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            message = e.getMessage() + ". Try again when the catalog answers.";
        } else if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            status = HttpStatus.valueOf(known.getStatusCode().value());
            message = status == HttpStatus.NOT_FOUND ? "There is no page at " + request.getRequestURI() + "."
                    : known.getBody().getDetail();
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            message = "The daemon could not show this page. Its log has the details under request id "
                    + RequestIds.of(request) + ".";
            log.warn("Dashboard request {} {} ({}) failed: {}", request.getMethod(), request.getRequestURI(),
                    RequestIds.of(request), e.toString(), e);
        }
        response.setStatus(status.value());
        return page(request, status, message);
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Object path = model.get("path");
        if (path != null && isApi(path.toString())) {
            return null;
        }
        String denied = DeniedMessage.of(request);
        String message = denied != null ? denied
                : status == HttpStatus.NOT_FOUND ? "There is no page at " + (path == null ? "this address" : path) + "."
                : status.is5xxServerError() ? "The daemon could not show this page. Its log has the details." : null;
        return page(request, status, message);
    }

    private ModelAndView page(HttpServletRequest request, HttpStatus status, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("status", status.value());
        model.put("error", status.getReasonPhrase());
        model.put("message", message);
        model.put("requestId", RequestIds.of(request));
        model.put("me", Viewer.of(SecurityContextHolder.getContext().getAuthentication()));
        model.put("navLinks", links.orderedStream().toList());
        ModelAndView page = new ModelAndView("error", model);
        page.setStatus(status);
        return page;
    }

    private static boolean isApi(HttpServletRequest request) {
        return isApi(request.getRequestURI().substring(request.getContextPath().length()));
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/actuator/");
    }
}
