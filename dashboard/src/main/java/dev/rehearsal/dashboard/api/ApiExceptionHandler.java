package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.drill.sandbox.SandboxViolationException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into problem details whose {@code detail} says what to change, with the
 * request's id. Unexpected failures are logged with that id and answered without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Object> refused(Refusal e, WebRequest request) {
        return problem(e.status(), e.getMessage(), request);
    }

    /** The audit entry of a mutating call could not be written: the call was not started. */
    @ExceptionHandler(AuditLog.Unavailable.class)
    ResponseEntity<Object> unaudited(AuditLog.Unavailable e, WebRequest request) {
        log.error("Request {} refused: {}", requestId(request), e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + "; try again when the catalog answers", request);
    }

    @ExceptionHandler(SandboxViolationException.class)
    ResponseEntity<Object> sandbox(SandboxViolationException e, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> mismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' has an invalid value '" + e.getValue()
                + "'" + (e.getRequiredType() != null ? "; expected " + e.getRequiredType().getSimpleName() : ""), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        String id = requestId(request);
        log.warn("Request {} failed: {}", id, e.toString(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "the daemon could not answer this request (" + e.getClass()
                .getSimpleName() + "); its log has the details under request id " + id, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimit.TooLarge tooLarge) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()
                        + " (rehearsal.security.max-request-body)", request);
            }
        }
        String why = e.getMostSpecificCause().getMessage();
        if (why != null) {
            why = why.lines().findFirst().orElse(why);
        }
        return problem(HttpStatus.BAD_REQUEST, "the request body is not a valid JSON document for this endpoint: "
                + why, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content type '" + e.getContentType()
                + "' is not accepted here; send the body as application/json", request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> "'" + f.getField() + "' " + f.getDefaultMessage()).collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, "invalid request: " + fields, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> r = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (r != null && r.getBody() instanceof ProblemDetail p) {
            p.setProperty("requestId", requestId(request));
        }
        return r;
    }

    private ResponseEntity<Object> problem(HttpStatus status, String detail, WebRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setProperty("requestId", requestId(request));
        if (request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r) {
            p.setInstance(java.net.URI.create(r.getRequestURI()));
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static String requestId(WebRequest request) {
        return request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r
                ? RequestIds.of(r) : null;
    }
}
