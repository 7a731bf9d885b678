package dev.rehearsal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "audit", description = "Reads the audit log, newest first (admin or auditor role): who did what to which"
        + " target, when, how it ended, and the request's id.")
final class AuditCommand implements Callable<Integer> {

    @Option(names = "--limit", defaultValue = "50", description = "At most this many entries (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--before", paramLabel = "ENTRY_ID", description = "Entries older than this one (to page back)")
    Long before;

    private final Rehearsal root;

    AuditCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        JsonNode entries = root.api().get(ApiClient.path("/api/v1/audit", ApiClient.query("limit", limit, "before", before)));
        if (root.json()) {
            root.print(entries);
            return ExitCode.OK;
        }
        TextTable t = new TextTable("ID", "AT", "ACTOR", "ROLE", "ACTION", "TARGET", "OUTCOME", "REQUEST");
        for (JsonNode e : entries) {
            t.row(e.path("id").asLong(), Formats.time(e, "at"), ApiClient.text(e, "actor"), ApiClient.text(e, "role"),
                    ApiClient.text(e, "action"), ApiClient.text(e, "target"), ApiClient.text(e, "outcome"),
                    ApiClient.text(e, "requestId"));
        }
        t.print(root.context.out(), "No audit entries.");
        return ExitCode.OK;
    }
}
