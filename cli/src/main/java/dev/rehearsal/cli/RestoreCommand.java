package dev.rehearsal.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "restore", description = "Starts restores and follows them.",
        subcommands = {RestoreCommand.Start.class, RestoreCommand.FollowRestore.class})
final class RestoreCommand {

    @Command(name = "start", description = {"Restores a backup into a new sandbox table (operator role), or into a new"
            + " table of the source with --target (admin role), and follows it with a progress bar and ETA.",
            "Ctrl-C asks whether to cancel. Exit status 0 when restored and verified, 1 when it failed, 9 when cancelled."})
    static final class Start implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Option(names = "--backup", paramLabel = "BACKUP_ID", description = "Restore this backup (default: the newest committed one)")
        String backupId;

        @Option(names = "--target", paramLabel = "NEW_TABLE", description = "A new table of the source to restore into"
                + " (admin role); it must not exist")
        String target;

        @Option(names = "--keep-partial", description = "With --target: keep the table if the restore fails or is cancelled")
        boolean keepPartial;

        @Option(names = "--detach", description = "Print the restore's id and return at once")
        boolean detach;

        private final Rehearsal root;

        Start(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("source", source);
            body.put("table", table);
            if (backupId != null) {
                body.put("backupId", backupId);
            }
            if (target != null) {
                body.put("targetTable", target);
            }
            if (keepPartial) {
                if (target == null) {
                    throw new CliError(ExitCode.USAGE, "--keep-partial applies to a restore into a new table (--target) only");
                }
                body.put("keepPartial", true);
            }
            JsonNode started = root.api().post("/api/v1/restores", body);
            String id = started.path("restoreId").asString();
            if (detach) {
                if (root.json()) {
                    root.print(started);
                } else {
                    root.context.out().println(id);
                }
                return ExitCode.OK;
            }
            return follow(root, id);
        }
    }

    @Command(name = "follow", description = "Follows a running restore to its end (or prints how it ended).")
    static final class FollowRestore implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RESTORE_ID")
        String id;

        private final Rehearsal root;

        FollowRestore(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            return follow(root, id);
        }
    }

    static int follow(Rehearsal root, String id) {
        JsonNode end = new Follow(root.context, root.api()).toTheEnd(new Follow.Job("restore", id,
                "/api/v1/restores/" + id + "/events", "/api/v1/restores/" + id,
                "The half-loaded table is deleted.", Progress::ofRestore));
        String status = end.path("status").asString();
        if (root.json()) {
            root.print(end);
        } else {
            StringBuilder b = new StringBuilder("restore ").append(id).append(' ').append(status);
            if (status.equals("SUCCEEDED")) {
                b.append(": ").append(Formats.count(end.path("items").asLong())).append(" items of ")
                        .append(end.path("source").asString()).append('/').append(end.path("table").asString())
                        .append(" restored into '").append(end.path("target").asString()).append("' and verified");
                if (end.path("recoverySeconds").isNumber()) {
                    b.append(" in ").append(Formats.seconds(end, "recoverySeconds"));
                }
            } else if (ApiClient.text(end, "error") != null) {
                b.append(": ").append(ApiClient.text(end, "error"));
            }
            root.context.out().println(b);
        }
        return switch (status) {
            case "SUCCEEDED" -> ExitCode.OK;
            case "CANCELLED" -> ExitCode.CANCELLED;
            default -> ExitCode.JOB_FAILED;
        };
    }
}
