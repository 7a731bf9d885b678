package dev.rehearsal.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "plan", description = "Runs recovery plans and follows them.",
        subcommands = {PlanCommand.Run.class, PlanCommand.FollowRun.class, PlanCommand.Report.class, PlanCommand.Evidence.class,
                PlanCommand.List.class})
final class PlanCommand {

    @Command(name = "run", description = {"Runs a plan and follows it with a progress bar and ETA: a drill of every"
            + " table into the sandbox (operator role), or with --incident every table restored for real (admin role).",
            "Ctrl-C asks whether to cancel. Exit status 0 when every table was verified, 1 when one failed, 9 when cancelled."})
    static final class Run implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PLAN")
        String plan;

        @Option(names = "--incident", description = "Restore for real, into the tables' own or new names (admin role);"
                + " see 'GET /api/v1/plans/PLAN/incident' for the dry run")
        boolean incident;

        @Option(names = "--backups", paramLabel = "verified|newest", description = "With --incident: which backups (default verified)")
        String backups;

        @Option(names = "--before", paramLabel = "TIME", description = "With --incident: the newest backups taken before"
                + " this ISO-8601 UTC time")
        String before;

        @Option(names = "--detach", description = "Print the run's id and return at once")
        boolean detach;

        private final Rehearsal root;

        Run(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            if (!incident && (backups != null || before != null)) {
                throw new CliError(ExitCode.USAGE, "--backups and --before choose the backups of an incident run; add --incident");
            }
            String p = BackupsCommand.enc(plan);
            JsonNode started;
            if (incident) {
                Map<String, Object> body = new LinkedHashMap<>();
                if (before != null) {
                    body.put("backups", "before");
                    body.put("before", before);
                } else if (backups != null) {
                    body.put("backups", backups);
                }
                started = root.api().post("/api/v1/plans/" + p + "/incidents", body);
            } else {
                started = root.api().post("/api/v1/plans/" + p + "/drills", Map.of());
            }
            String runId = started.path("runId").asString();
            if (detach) {
                if (root.json()) {
                    root.print(started);
                } else {
                    root.context.out().println(runId);
                }
                return ExitCode.OK;
            }
            return follow(root, runId);
        }
    }

    @Command(name = "follow", description = "Follows a running plan run to its end (or prints how it ended).")
    static final class FollowRun implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN_ID")
        String runId;

        private final Rehearsal root;

        FollowRun(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            return follow(root, runId);
        }
    }

    static int follow(Rehearsal root, String runId) {
        JsonNode end = new Follow(root.context, root.api()).toTheEnd(new Follow.Job("plan run", runId,
                "/api/v1/plan-runs/" + runId + "/events", "/api/v1/plan-runs/" + runId,
                "Running tables stop and what they created is deleted.", Progress::ofPlanRun));
        String status = end.path("status").asString();
        if (root.json()) {
            root.print(end);
        } else {
            root.context.out().println("plan run " + runId + " of plan '" + end.path("plan").asString() + "' " + status
                    + (ApiClient.text(end, "error") != null ? ": " + ApiClient.text(end, "error") : ""));
            if (end.path("tables").isArray() && !end.path("tables").isEmpty()) {
                TextTable t = new TextTable("STAGE", "TABLE", "STATE", "ITEMS", "RECOVERY", "ERROR");
                for (JsonNode x : end.path("tables")) {
                    t.row(x.path("stage").asString(), x.path("table").asString(), x.path("state").asString(),
                            Formats.count(x.path("items").asLong()), Formats.seconds(x, "recoverySeconds"),
                            ApiClient.text(x, "error"));
                }
                t.print(root.context.out(), "");
            }
            root.context.out().println("Its report: rehearsal plan report " + runId);
        }
        return switch (status) {
            case "VERIFIED" -> ExitCode.OK;
            case "CANCELLED" -> ExitCode.CANCELLED;
            default -> ExitCode.JOB_FAILED;
        };
    }

    @Command(name = "report", description = "Prints a finished plan run's report: the drill report, or an incident"
            + " run's postmortem timeline.")
    static final class Report implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN_ID")
        String runId;

        private final Rehearsal root;

        Report(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            String path = "/api/v1/plan-runs/" + BackupsCommand.enc(runId) + "/report";
            if (root.json()) {
                root.print(root.api().get(path));
            } else {
                root.context.out().println(root.api().text(path + ".md", "text/markdown"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "The configured plans and their stages.")
    static final class List implements Callable<Integer> {

        private final Rehearsal root;

        List(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            JsonNode plans = root.api().get("/api/v1/plans");
            if (root.json()) {
                root.print(plans);
                return ExitCode.OK;
            }
            TextTable t = new TextTable("PLAN", "STAGE", "OBJECTIVE", "CONCURRENCY", "TABLES");
            for (JsonNode p : plans) {
                for (JsonNode s : p.path("stages")) {
                    t.row(p.path("name").asString(), s.path("name").asString(), Formats.seconds(s, "objectiveSeconds"),
                            s.path("concurrency").asInt(), String.join(", ", s.path("tables").valueStream()
                                    .map(JsonNode::asString).toList()));
                }
            }
            t.print(root.context.out(), "No plans.");
            return ExitCode.OK;
        }
    }

    @Command(name = "evidence", description = "Saves a finished plan run's signed report (its DSSE envelope) for"
            + " 'rehearsal verify'.")
    static final class Evidence implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN_ID")
        String runId;

        @Option(names = "--file", paramLabel = "FILE", defaultValue = "-",
                description = "Where to write it (default: the standard output); an existing file is never overwritten")
        String file;

        private final Rehearsal root;

        Evidence(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            byte[] envelope = root.api().download("/api/v1/plan-runs/" + BackupsCommand.enc(runId) + "/evidence").body();
            String written = EvidenceFiles.save(root, envelope, file, null);
            if (!written.equals("-")) {
                root.context.out().println("Wrote " + written);
            }
            return ExitCode.OK;
        }
    }
}
