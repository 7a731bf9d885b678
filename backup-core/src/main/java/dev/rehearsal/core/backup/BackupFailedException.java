package dev.rehearsal.core.backup;

/**
 * A backup that did not commit. Its message names the table, the source and the store; nothing
 * it wrote is listed as restorable.
 */
public class BackupFailedException extends Exception {

    public BackupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
