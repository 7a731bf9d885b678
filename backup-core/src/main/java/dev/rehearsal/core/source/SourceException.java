package dev.rehearsal.core.source;

/** A source could not do what was asked; the message names the source and the table. */
public class SourceException extends RuntimeException {

    private final boolean tableMissing;

    public SourceException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public SourceException(String message, Throwable cause, boolean tableMissing) {
        super(message, cause);
        this.tableMissing = tableMissing;
    }

    /** True when the table does not exist in the source. */
    public boolean tableMissing() {
        return tableMissing;
    }
}
