package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.jobs.Preflight;
import java.io.IOException;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;

/**
 * The servlet container's own error reports, for requests it refuses before the application sees
 * them (a path it cannot decode, an encoded slash, a malformed request line): a problem document
 * instead of Tomcat's HTML page, or a short HTML page with the same status on the dashboard's paths.
 */
public final class ContainerErrors extends ErrorReportValve {

    /** Installs this report in place of Tomcat's on the host the daemon's context runs in. */
    public static TomcatContextCustomizer installer() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ContainerErrors.class.getName());
            }
        };
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
            return;
        }
        String path;
        try {
            path = request.getRequestURI();
        } catch (RuntimeException undecodable) {
            path = null;
        }
        String id = RequestIds.of(request);
        if (id == null) {
            id = UUID.randomUUID().toString();
            response.setHeader(RequestIds.HEADER, id);
        }
        String message = response.getMessage();
        String detail = "the server refused this request" + (message == null || message.isBlank() ? ""
                : ": " + Preflight.abbreviate(message));
        try {
            response.resetBuffer();
            if (Problems.isPage(path)) {
                Problems.page(response, status, detail, id);
            } else {
                Problems.write(response, status, detail, path, id);
            }
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response cannot take a body: the status alone stands.
        }
    }
}
