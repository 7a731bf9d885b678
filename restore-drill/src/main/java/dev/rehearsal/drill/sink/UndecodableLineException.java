package dev.rehearsal.drill.sink;

/**
 * A backup line the sink cannot decode into an item or row of its engine: the backup's own bytes
 * are wrong. Sinks throw this, and only this, for a bad line, so that a restore reports a damaged
 * backup only when the backup is damaged, and a sink's own precondition as the error it is.
 */
public final class UndecodableLineException extends RuntimeException {

    public UndecodableLineException(String message, Throwable cause) {
        super(message, cause);
    }
}
