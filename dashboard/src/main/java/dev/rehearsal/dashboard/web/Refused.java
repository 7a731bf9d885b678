package dev.rehearsal.dashboard.web;

import org.springframework.http.HttpStatus;

/** A dashboard action that cannot be done as asked; shown as an error page with its status and message. */
final class Refused extends RuntimeException {

    private final HttpStatus status;

    Refused(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
