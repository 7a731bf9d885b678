package dev.rehearsal.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "backups", description = "Lists and starts backups.",
        subcommands = {BackupsCommand.List.class, BackupsCommand.Start.class})
final class BackupsCommand {

    @Command(name = "list", description = "Committed backups, newest first.")
    static final class List implements Callable<Integer> {

        @Option(names = "--source", description = "Only this source's backups")
        String source;

        @Option(names = "--table", description = "Only this table's backups")
        String table;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (1 to 1000; default ${DEFAULT-VALUE})")
        int limit;

        private final Rehearsal root;

        List(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            JsonNode backups = root.api().get(ApiClient.path("/api/v1/backups",
                    ApiClient.query("source", source, "table", table, "limit", limit)));
            if (root.json()) {
                root.print(backups);
            } else {
                print(root, backups);
            }
            return ExitCode.OK;
        }
    }

    static void print(Rehearsal root, JsonNode backups) {
        TextTable t = new TextTable("BACKUP", "SOURCE", "TABLE", "ITEMS", "STORED", "FINISHED", "TOOK");
        for (JsonNode b : backups) {
            t.row(b.path("backupId").asString(), b.path("source").asString(), b.path("table").asString(),
                    Formats.count(b.path("items").asLong()), Formats.bytes(b.path("storedBytes").asLong()),
                    Formats.time(b, "finishedAt"), Formats.duration(b.path("durationMs").asLong() / 1000.0));
        }
        t.print(root.context.out(), "No backups.");
    }

    @Command(name = "start", description = {"Backs up a table now (operator role).",
            "With --wait, waits until the backup has committed and prints it."})
    static final class Start implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SOURCE", description = "The source, as configured")
        String source;

        @Parameters(index = "1", paramLabel = "TABLE", description = "The table (schema.table on PostgreSQL)")
        String table;

        @Option(names = "--wait", description = "Wait until the backup has committed")
        boolean await;

        @Option(names = "--timeout", defaultValue = "PT6H", paramLabel = "DURATION",
                description = "How long --wait waits, ISO-8601 (default ${DEFAULT-VALUE})")
        Duration timeout;

        private final Rehearsal root;

        Start(Rehearsal root) {
            this.root = root;
        }

        @Override
        public Integer call() throws InterruptedException {
            ApiClient api = root.api();
            String newest = "/api/v1/backups" + "?source=" + enc(source) + "&table=" + enc(table) + "&limit=1";
            String before = await ? newestId(api.get(newest)) : null;
            JsonNode started = api.post("/api/v1/backups", Map.of("source", source, "table", table));
            if (!await) {
                if (root.json()) {
                    root.print(started);
                } else {
                    root.context.out().println("Backup of table '" + table + "' of source '" + source
                            + "' started; it shows in 'rehearsal backups list --table " + table + "' once committed.");
                }
                return ExitCode.OK;
            }
            // Backups have no event stream: the list is read every two seconds until a new one commits.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode now = api.get(newest);
                String id = newestId(now);
                if (id != null && !id.equals(before)) {
                    if (root.json()) {
                        root.print(now.get(0));
                    } else {
                        print(root, now);
                    }
                    return ExitCode.OK;
                }
                Thread.sleep(2_000);
            }
            throw new CliError(ExitCode.JOB_FAILED, "no new backup of table '" + table + "' of source '" + source
                    + "' committed within " + timeout + "; see the daemon's log or 'rehearsal tables --source " + source + "'");
        }

        private static String newestId(JsonNode list) {
            return list.isArray() && !list.isEmpty() ? list.get(0).path("backupId").asString() : null;
        }
    }

    static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }
}
