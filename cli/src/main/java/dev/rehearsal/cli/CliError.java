package dev.rehearsal.cli;

/** A failure the command reports in one line and turns into its {@link ExitCode exit status}. */
final class CliError extends RuntimeException {

    private final int exitCode;

    CliError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
