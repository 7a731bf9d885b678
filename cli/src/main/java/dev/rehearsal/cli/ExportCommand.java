package dev.rehearsal.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

@Command(name = "export", description = {"Exports compliance evidence for a period (auditor or admin role): per table"
        + " and plan, its policy and controls, backups taken, drills passed and failed, the longest gap between"
        + " passing drills, measured RTO against the objective, forecast error, and the signed reports it rests on.",
        "Written as a signed DSSE envelope ('rehearsal verify' checks it offline) to --file, by default the name the"
        + " server suggests, in the current directory; an existing file is never overwritten."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DATE|TIME", description = "Start of the period,"
            + " inclusive: 2026-10-01 (UTC midnight) or 2026-10-01T00:00:00Z")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE|TIME", description = "End of the period, exclusive")
    String to;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|csv", description = "The payload's format"
            + " (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--file", paramLabel = "FILE", description = "Where to write the envelope; - for the standard output")
    String file;

    private final Rehearsal root;

    ExportCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new CliError(ExitCode.USAGE, "--format must be json or csv, not '" + format + "'");
        }
        ApiClient.Download d = root.api().download(ApiClient.path("/api/v1/compliance/export",
                ApiClient.query("from", from, "to", to, "format", format)));
        Dsse.Envelope envelope = Dsse.parse(d.body(), "the export from " + root.api().server());
        String written = EvidenceFiles.save(root, d.body(), file, d.fileName() != null ? d.fileName()
                : "rehearsal-compliance-" + from + "-" + to + "." + format + ".dsse.json");
        if (written.equals("-")) {
            return ExitCode.OK;
        }
        String keyId = envelope.signatures().isEmpty() ? null : envelope.signatures().get(0).keyId();
        if (root.json()) {
            root.print(ApiClient.JSON.createObjectNode().put("file", written).put("payloadType", envelope.payloadType())
                    .put("signed", keyId != null || !envelope.signatures().isEmpty()).put("keyId", keyId)
                    .put("payloadSha256", VerifyCommand.sha256(envelope.payload())));
            return ExitCode.OK;
        }
        var out = root.context.out();
        out.println("Wrote " + written + ": " + (envelope.signatures().isEmpty()
                ? "UNSIGNED (the daemon has no signing key configured)" : "signed by key '" + keyId + "'")
                + ", " + envelope.payloadType() + ", payload sha256 " + VerifyCommand.sha256(envelope.payload()));
        if (format.equals("json")) {
            summary(envelope.payload());
        }
        out.println("Check it offline: rehearsal verify " + written + " --keys keys.json   (keys.json: rehearsal keys -o json)");
        return ExitCode.OK;
    }

    private void summary(byte[] payload) {
        JsonNode doc;
        try {
            doc = ApiClient.JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return;
        }
        TextTable t = new TextTable("KIND", "NAME", "CONTROLS", "BACKUPS", "DRILLS OK", "FAILED", "LONGEST GAP",
                "RTO MAX", "OBJECTIVE", "REPORTS");
        for (JsonNode x : doc.path("tables")) {
            row(t, "table", x.path("source").asString() + "/" + x.path("table").asString(), x);
        }
        for (JsonNode x : doc.path("plans")) {
            row(t, "plan", x.path("plan").asString(), x);
        }
        t.print(root.context.out(), "No tables or plans in the period.");
    }

    private static void row(TextTable t, String kind, String name, JsonNode x) {
        t.row(kind, name, String.join(" ", x.path("controls").valueStream().map(JsonNode::asString).toList()),
                x.path("backupsTaken").isNumber() ? x.path("backupsTaken").asLong() : null,
                x.path("drillsPassed").asLong(), x.path("drillsFailed").asLong(),
                Formats.seconds(x, "longestGapBetweenPassingDrillsSeconds"), Formats.seconds(x, "rtoMeasuredMaxSeconds"),
                Formats.seconds(x, "rtoObjectiveSeconds"), x.path("reports").size());
    }
}
