package dev.rehearsal.dashboard.jobs;

import org.springframework.http.HttpStatus;

/**
 * A request that is refused before anything starts, with the status it answers and a message that
 * names what is wrong (the table, the store, the field and its limit). The API answers it as a
 * problem document, the dashboard as its error page; both refuse with it alone.
 */
public final class Refusal extends RuntimeException {

    private final HttpStatus status;

    public Refusal(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static Refusal badRequest(String message) {
        return new Refusal(HttpStatus.BAD_REQUEST, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(HttpStatus.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(HttpStatus.CONFLICT, message);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(HttpStatus.FORBIDDEN, message);
    }
}
