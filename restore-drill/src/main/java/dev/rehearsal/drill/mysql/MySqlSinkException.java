package dev.rehearsal.drill.mysql;

/** A MySQL statement of a restore failed; the message names the target and the server. */
public class MySqlSinkException extends RuntimeException {

    public MySqlSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
