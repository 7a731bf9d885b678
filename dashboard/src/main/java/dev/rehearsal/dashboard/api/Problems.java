package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.jobs.Preflight;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem document from places outside Spring MVC: security filters, the
 * firewall, the error controller and the servlet container's own error reports.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        write(response, status.value(), detail, request.getRequestURI(), requestId(request, response));
    }

    /**
     * A refusal on any path: a problem document under {@code /api} and {@code /actuator} (and where
     * the path is unknown), a short HTML page with the same status on the dashboard's paths.
     */
    public static void writeForPath(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        String path = request.getRequestURI();
        if (isPage(path)) {
            page(response, status.value(), detail, requestId(request, response));
        } else {
            write(response, status.value(), detail, path, requestId(request, response));
        }
    }

    /** Whether a path is one of the dashboard's pages rather than the API's or the actuator's. */
    public static boolean isPage(String path) {
        return path != null && path.startsWith("/") && !path.startsWith("/api/") && !path.equals("/api")
                && !path.startsWith("/actuator");
    }

    /** The body of a problem document; {@code instance} is left out when the path is unknown. */
    public static void write(HttpServletResponse response, int status, String detail, String path, String requestId)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        if (path != null) {
            body.put("instance", Preflight.abbreviate(path));
        }
        body.put("requestId", requestId);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /** A minimal error page for the dashboard's paths, for errors that happen before its templates can run. */
    public static void page(HttpServletResponse response, int status, String detail, String requestId)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status + " "
                + title(status) + " – Rehearsal</title></head><body><h1>" + status + " " + title(status) + "</h1><p>"
                + HtmlUtils.htmlEscape(detail) + "</p><p>Request id " + HtmlUtils.htmlEscape(requestId)
                + "</p><p><a href=\"/\">Overview</a></p></body></html>");
    }

    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /** The request's id, or a new one (also set on the response) for a request that never got one. */
    private static String requestId(HttpServletRequest request, HttpServletResponse response) {
        String id = RequestIds.of(request);
        if (id == null) {
            id = UUID.randomUUID().toString();
            response.setHeader(RequestIds.HEADER, id);
        }
        return id;
    }
}
