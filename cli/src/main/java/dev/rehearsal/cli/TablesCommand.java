package dev.rehearsal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "tables", description = "Lists every table of every source with its protection status:"
        + " GREEN, AMBER, RED (GREY when excluded), and why.")
final class TablesCommand implements Callable<Integer> {

    @Option(names = "--source", description = "Only this source's tables")
    String source;

    @Option(names = "--status", paramLabel = "GREEN|AMBER|RED|GREY", description = "Only tables with this status")
    String status;

    private final Rehearsal root;

    TablesCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        JsonNode tables = root.api().get(ApiClient.path("/api/v1/tables", ApiClient.query("source", source,
                "status", status == null ? null : status.toUpperCase(java.util.Locale.ROOT))));
        if (root.json()) {
            root.print(tables);
            return ExitCode.OK;
        }
        TextTable t = new TextTable("SOURCE", "TABLE", "STATUS", "POLICY", "NEWEST BACKUP", "LAST DRILL", "RTO",
                "WHY");
        for (JsonNode x : tables) {
            String rto = x.path("measuredRtoSeconds").isNumber()
                    ? Formats.seconds(x, "measuredRtoSeconds") + " of " + Formats.seconds(x, "rtoSeconds") : null;
            String drill = ApiClient.text(x, "newestDrillOutcome") == null ? null
                    : ApiClient.text(x, "newestDrillOutcome") + " " + Formats.age(x, "newestDrillAt");
            JsonNode reasons = x.path("reasons");
            t.row(x.path("source").asString(), x.path("table").asString(), x.path("status").asString(),
                    ApiClient.text(x, "policy") == null ? x.path("coverage").asString().toLowerCase(java.util.Locale.ROOT) : ApiClient.text(x, "policy"),
                    Formats.age(x, "newestBackupAt"), drill, rto,
                    reasons.isArray() && !reasons.isEmpty() ? String.join("; ", reasons.valueStream()
                            .map(JsonNode::asString).toList()) : null);
        }
        t.print(root.context.out(), "No tables.");
        return ExitCode.OK;
    }
}
