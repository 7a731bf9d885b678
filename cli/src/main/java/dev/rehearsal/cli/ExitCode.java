package dev.rehearsal.cli;

/**
 * What the command's exit status says happened; README "Command line" lists the same. Scripts branch
 * on these, so a number never changes meaning.
 */
public final class ExitCode {

    /** Done: the call succeeded, and a job followed to its end succeeded (a drill passed, a restore verified). */
    public static final int OK = 0;
    /** A job ran and failed: a drill failed or errored, a restore or plan run failed. */
    public static final int JOB_FAILED = 1;
    /** The command line was wrong, or the server refused the input as invalid (400, 413, 414, 415, 422). */
    public static final int USAGE = 2;
    /** No token, a token the server does not accept (401), or a role too small (403). */
    public static final int AUTH = 3;
    /** The server does not know the thing named (404): a source, table, backup, drill, restore or plan run. */
    public static final int NOT_FOUND = 4;
    /** The server could not be reached: nothing listens at the address, or it did not answer in time. */
    public static final int UNREACHABLE = 5;
    /** The server refused because of the state of things (409, 429): not covered, already running, not running, busy. */
    public static final int REFUSED = 6;
    /** The server failed (5xx): a store or source it could not reach, the audit log it could not write. */
    public static final int SERVER_ERROR = 7;
    /** {@code verify}: the signature does not verify, or the file is not a signed report. */
    public static final int NOT_VERIFIED = 8;
    /** A job followed to its end was cancelled (from this terminal or by someone else). */
    public static final int CANCELLED = 9;
    /** Interrupted (Ctrl-C) without cancelling: the job goes on in the daemon. 128 + SIGINT, as shells expect. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }

    /** The exit status for an HTTP error status from the API. */
    static int ofHttpStatus(int status) {
        return switch (status) {
            case 401, 403 -> AUTH;
            case 404 -> NOT_FOUND;
            case 409, 429 -> REFUSED;
            default -> status >= 500 ? SERVER_ERROR : USAGE;
        };
    }
}
