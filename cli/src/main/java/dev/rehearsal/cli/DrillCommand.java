package dev.rehearsal.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "drill", description = "Starts drills and reads their reports.",
        subcommands = {DrillCommand.Start.class, DrillCommand.List.class, DrillCommand.Report.class,
                DrillCommand.Evidence.class})
final class DrillCommand {

    @Command(name = "start", description = {"Drills a table now (operator role): restores a backup into a sandbox,"
            + " verifies it and measures the recovery time; then prints the drill's report.",
            "Exit status 0 when the drill passed, 1 when it failed."})
    static final class Start implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Option(names = "--backup", paramLabel = "BACKUP_ID", description = "Drill this backup (default: the newest committed one)")
        String backupId;

        @Option(names = "--no-wait", description = "Print the drill's id and return at once")
        boolean noWait;

        @Option(names = "--timeout", defaultValue = "PT6H", paramLabel = "DURATION",
                description = "How long to wait for the drill, ISO-8601 (default ${DEFAULT-VALUE})")
        Duration timeout;

        private final Rehearsal root;

        Start(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() throws InterruptedException {
            ApiClient api = root.api();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("source", source);
            body.put("table", table);
            if (backupId != null) {
                body.put("backupId", backupId);
            }
            JsonNode started = api.post("/api/v1/drills", body);
            String id = started.path("drillId").asString();
            if (noWait) {
                if (root.json()) {
                    root.print(started);
                } else {
                    root.context.out().println(id);
                }
                return ExitCode.OK;
            }
            if (!root.json()) {
                root.context.err().println("drill " + id + " of table '" + table + "' started; waiting for its verdict");
            }
            // Drills have no event stream: the drill is read every two seconds until it has a verdict.
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode drill = started;
            while (drill.path("status").asString().equals("RUNNING")) {
                if (System.nanoTime() > deadline) {
                    throw new CliError(ExitCode.JOB_FAILED, "drill " + id + " has no verdict after " + timeout
                            + "; it goes on in the daemon: 'rehearsal drill report " + id + "' later");
                }
                Thread.sleep(2_000);
                drill = api.get("/api/v1/drills/" + id);
            }
            return report(root, id, drill.path("status").asString());
        }
    }

    /** Prints a finished drill's report (Markdown, or its JSON) and returns the exit status its outcome says. */
    static int report(Rehearsal root, String id, String outcome) {
        ApiClient api = root.api();
        if (root.json()) {
            root.print(api.get("/api/v1/drills/" + id + "/report.json"));
        } else {
            root.context.out().println(api.text("/api/v1/drills/" + id + "/report.md", "text/markdown"));
        }
        return outcome.equals("PASSED") ? ExitCode.OK : ExitCode.JOB_FAILED;
    }

    /** A report's evidence in words: signed by which key, unsigned, or none stored. */
    static String evidence(JsonNode record) {
        JsonNode e = record.get("evidence");
        if (e == null || !e.isObject()) {
            return null;
        }
        return e.path("signed").asBoolean() ? "signed (" + ApiClient.text(e, "keyId") + ")" : "unsigned";
    }

    @Command(name = "report", description = "Prints a drill's report; exit status 0 if it passed, 1 if not.")
    static final class Report implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DRILL_ID")
        String id;

        private final Rehearsal root;

        Report(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            String status = root.api().get("/api/v1/drills/" + id).path("status").asString();
            if (status.equals("RUNNING")) {
                throw new CliError(ExitCode.REFUSED, "drill " + id + " is still running; it has no report yet");
            }
            return report(root, id, status);
        }
    }

    @Command(name = "list", description = "Finished drills, newest first.")
    static final class List implements Callable<Integer> {

        @Option(names = "--source")
        String source;

        @Option(names = "--table")
        String table;

        @Option(names = "--outcome", paramLabel = "PASSED|FAILED|ERROR")
        String outcome;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        private final Rehearsal root;

        List(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            JsonNode drills = root.api().get(ApiClient.path("/api/v1/drills", ApiClient.query("source", source,
                    "table", table, "outcome", outcome, "limit", limit)));
            if (root.json()) {
                root.print(drills);
                return ExitCode.OK;
            }
            TextTable t = new TextTable("DRILL", "SOURCE", "TABLE", "OUTCOME", "BACKUP", "ITEMS", "RECOVERY", "FINISHED",
                    "EVIDENCE");
            for (JsonNode d : drills) {
                t.row(d.path("drillId").asString(), d.path("source").asString(), d.path("table").asString(),
                        d.path("status").asString(), ApiClient.text(d, "backupId"),
                        d.path("items").isNumber() ? Formats.count(d.path("items").asLong()) : null,
                        Formats.seconds(d, "recoverySeconds"), Formats.time(d, "finishedAt"), evidence(d));
            }
            t.print(root.context.out(), "No drills.");
            return ExitCode.OK;
        }
    }

    @Command(name = "evidence", description = "Saves a drill's signed report (its DSSE envelope) for 'rehearsal verify'.")
    static final class Evidence implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DRILL_ID")
        String id;

        @picocli.CommandLine.Option(names = "--file", paramLabel = "FILE", defaultValue = "-",
                description = "Where to write it (default: the standard output); an existing file is never overwritten")
        String file;

        private final Rehearsal root;

        Evidence(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            byte[] envelope = root.api().download("/api/v1/drills/" + BackupsCommand.enc(id) + "/evidence").body();
            String written = EvidenceFiles.save(root, envelope, file, null);
            if (!written.equals("-")) {
                root.context.out().println("Wrote " + written);
            }
            return ExitCode.OK;
        }
    }
}
