package dev.rehearsal.drill.postgres;

/** A PostgreSQL statement of a restore failed; the message names the sandbox and the server. */
public class PostgresSinkException extends RuntimeException {

    public PostgresSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
