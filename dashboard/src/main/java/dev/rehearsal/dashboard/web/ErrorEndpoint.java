package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.api.Problems;
import dev.rehearsal.dashboard.api.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where the servlet container sends every error that no handler answered (a refusal by a filter, an
 * unknown path, an exception that escaped): a problem document under {@code /api} and
 * {@code /actuator}, the dashboard's error page elsewhere. It stands in for Spring Boot's default
 * error controller, whose JSON body is not a problem document.
 */
@Controller
class ErrorEndpoint implements ErrorController {

    private final PageErrors pages;

    ErrorEndpoint(PageErrors pages) {
        this.pages = pages;
    }

    @RequestMapping("${server.error.path:/error}")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? null : uri.toString();
        if (!Problems.isPage(path)) {
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            String detail = status == 404 ? "there is nothing at " + Preflight.abbreviate(String.valueOf(path))
                    : status >= 500 ? "the daemon could not answer this request; its log has the details under request id "
                            + RequestIds.of(request)
                    : "the request was refused" + (message == null || message.toString().isBlank() ? ""
                            : ": " + Preflight.abbreviate(message.toString()));
            Problems.write(response, status, detail, path, RequestIds.of(request));
            return null;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return pages.resolveErrorView(request, known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known,
                Map.of("path", path));
    }
}
