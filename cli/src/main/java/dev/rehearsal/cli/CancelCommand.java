package dev.rehearsal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "cancel", description = {"Cancels a running restore, or a plan run (an id starting 'plan-').",
        "A restore's half-loaded table is deleted; a plan run's running tables stop and what they created is deleted."})
final class CancelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID", description = "A restore's id, or a plan run's id (plan-...)")
    String id;

    private final Rehearsal root;

    CancelCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        boolean planRun = id.startsWith("plan-");
        String what = planRun ? "plan run" : "restore";
        JsonNode r = root.api().delete((planRun ? "/api/v1/plan-runs/" : "/api/v1/restores/") + BackupsCommand.enc(id));
        if (root.json()) {
            root.print(r);
        } else {
            root.context.out().println("Cancelling " + what + " " + id + "; 'rehearsal " + (planRun ? "plan" : "restore")
                    + " follow " + id + "' shows when it has stopped.");
        }
        return ExitCode.OK;
    }
}
