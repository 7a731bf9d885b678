package dev.rehearsal.core.format;

import java.io.IOException;

/** Stored bytes that do not follow docs/FORMAT.md: a bad manifest, a data object that fails its checksum. */
public class FormatException extends IOException {

    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
