package dev.rehearsal.dashboard.web;

/** A page for something that does not exist (a table, a drill, a restore); shown as the 404 page with its message. */
final class PageNotFound extends RuntimeException {

    PageNotFound(String message) {
        super(message);
    }
}
