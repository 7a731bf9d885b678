package dev.rehearsal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "logout", description = "Deletes the stored credentials file.")
final class LogoutCommand implements Callable<Integer> {

    private final Rehearsal root;

    LogoutCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Credentials c = root.credentials();
        root.context.out().println(c.forget() ? "Signed out: deleted " + c.file() : "Not signed in: no " + c.file());
        return ExitCode.OK;
    }
}
