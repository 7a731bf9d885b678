package dev.rehearsal.bench;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.postgres.PostgresTableSink;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.Checks;
import dev.rehearsal.drill.verify.VerificationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rehearsal against PostgreSQL's own tools on one large table of the local server: a backup to the
 * filesystem store against {@code pg_dump -Fc} and {@code pg_dump -Fd -j N}, and a restore into a
 * sandbox schema against {@code pg_restore -j N} into a fresh database. Run by bench/run-postgres.sh;
 * see docs/BENCHMARKS.md.
 *
 * <p>Rounds interleave the measurements. Nothing outside a clock is left to chance: every backup
 * must hold every row, every dump must be restorable (the restore rounds restore it), every restored
 * table must hold every row, and Rehearsal's restores must pass the drill's standard checks (timed
 * apart). Databases, schemas and dump files made for a run are removed after it, untimed.
 */
public final class PostgresBenchmark {

    static final String BACKUP = "Rehearsal backup (filesystem store)";
    static final String DUMP_CUSTOM = "pg_dump -Fc";
    static final String DUMP_DIRECTORY = "pg_dump -Fd -j %d";
    static final String RESTORE = "Rehearsal restore into a sandbox schema (all phases)";
    static final String VERIFY = "Rehearsal verification, Checks.standard() (not part of the restore)";
    static final String VERIFIED = "Rehearsal verified restore (restore + verification, per round)";
    static final String PG_RESTORE = "pg_restore -j %d into a fresh database";

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("host", "port", "user", "password", "database", "table", "rows",
                "repeats", "segments", "readers", "writers", "load-connections", "jobs", "pg-dump", "pg-restore",
                "results", "clock-ticks", "command", "skip-backups"));
        Server server = new Server(flags.string("host", "127.0.0.1"), flags.integer("port", 5432),
                flags.string("user", "postgres"), flags.string("password", ""));
        String database = flags.string("database", "rehearsal_bench");
        String table = flags.string("table", "public.bench_items");
        long rows = flags.number("rows", 1_000_000);
        int repeats = Math.max(1, flags.integer("repeats", 3));
        int segments = flags.integer("segments", 0);
        int readers = Math.max(1, flags.integer("readers", 4));
        int writers = Math.max(1, flags.integer("writers", 16));
        int loadConnections = Math.max(1, flags.integer("load-connections", 4));
        int jobs = Math.max(1, flags.integer("jobs", 4));
        String pgDump = flags.string("pg-dump", "/usr/bin/pg_dump");
        String pgRestore = flags.string("pg-restore", "/usr/bin/pg_restore");
        boolean skipBackups = Boolean.parseBoolean(flags.string("skip-backups", "false"));
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        Files.createDirectories(results);

        String serverVersion = server.scalar("postgres", "SHOW server_version");
        String tools = Tool.version(pgDump) + "; " + Tool.version(pgRestore) + "; server " + serverVersion;
        System.out.println("PostgreSQL: " + tools);
        Report report = new Report().machine(Machine.describe(), "PostgreSQL tools", tools,
                flags.string("command", "bench/run-postgres.sh"), repeats);

        Facts facts = load(server, database, table, rows);
        System.out.printf(Locale.ROOT, "Table %s: %,d rows, %.1f MiB of heap (%.0f bytes a row on disk, %.0f bytes of"
                        + " row data), %.1f MiB with its indexes%n", table, facts.rows, facts.heapBytes / Report.MIB,
                (double) facts.heapBytes / facts.rows, facts.rowDataBytes, facts.totalBytes / Report.MIB);

        String sandboxDatabase = database + "_sandbox";
        server.recreate(sandboxDatabase);
        PostgresConnector source = server.connector(database);
        PostgresConnector sandbox = server.connector(sandboxDatabase);
        CpuMeter cpu = new CpuMeter(0, 0, flags.integer("clock-ticks", 100));
        HeapWatch heap = new HeapWatch();
        Runs runs = new Runs(server, cpu, heap, facts, results, String.format(Locale.ROOT, DUMP_DIRECTORY, jobs),
                String.format(Locale.ROOT, PG_RESTORE, jobs), skipBackups);
        System.out.printf(Locale.ROOT, "Rehearsal: %s segments, %d readers, %d writers, %d COPY streams into the sandbox;"
                + " pg_dump -Fd and pg_restore with %d jobs; heap max %.0f MiB%n", segments == 0 ? "default" : segments,
                readers, writers, loadConnections, jobs, Runtime.getRuntime().maxMemory() / Report.MIB);

        try (PostgresTableSource src = new PostgresTableSource("bench", source);
                PostgresTableSink sink = new PostgresTableSink(sandbox, PostgresTableSource.info("sandbox", sandbox),
                        PostgresTableSink.guard("rehearsal_sandbox_", Set.of(table), new InMemorySandboxLedger()),
                        loadConnections)) {
            Path store = results.resolve("store-fs");
            Path dumps = results.resolve("dumps");
            Files.createDirectories(dumps);
            // The restores restore one backup and one dump, each taken once here, untimed.
            BackupResult kept = new BackupRunner().run(BackupRequest.of(src, table, new FileSystemBackupStore(store))
                    .withScan(ScanOptions.defaults().withSegments(segments)));
            Path keptDump = dumps.resolve("kept.dump");
            Tool.run(results, "kept-dump", server, server.pgDump(pgDump, database, table, "-Fc", "-f", keptDump.toString()));
            runs.backupFacts(kept, Files.size(keptDump));

            System.out.println("Warm-up (not counted):");
            runs.round(src, sink, kept, store, keptDump, pgDump, pgRestore, database, table, segments, readers, writers,
                    jobs, "warm-up");
            runs.reset();
            for (int round = 1; round <= repeats; round++) {
                System.out.printf("Round %d of %d:%n", round, repeats);
                runs.round(src, sink, kept, store, keptDump, pgDump, pgRestore, database, table, segments, readers,
                        writers, jobs, "round " + round);
            }
        }
        report.postgres(runs.facts(), runs.backups, runs.restores, runs.phases, runs.heaps);
        String text = report.toString();
        Files.writeString(results.resolve("results.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + results.resolve("results.md"));
    }

    /** The table as measured, and what was made of it once. */
    record Facts(String table, long rows, long heapBytes, long totalBytes, double rowDataBytes) {
    }

    /**
     * Creates the table with {@code rows} rows of about 200 bytes unless it holds them already (a
     * second run skips the load), and reads its size. Values are computed from the row number.
     * ClusterBenchmark fills its own database with the same table.
     */
    static Facts load(Server server, String database, String table, long rows) throws SQLException {
        if (!server.exists(database)) {
            server.recreate(database);
        }
        try (Connection c = server.open(database); Statement s = c.createStatement()) {
            long present = -1;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                present = rs.getLong(1);
            } catch (SQLException missing) {
                // Created below.
            }
            if (present != rows) {
                System.out.printf(Locale.ROOT, "Loading %,d rows into %s (not timed)%n", rows, table);
                long start = System.nanoTime();
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, account uuid NOT NULL,"
                        + " created_at timestamptz NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL,"
                        + " quantity integer NOT NULL, note text, labels text[])");
                try (var insert = c.prepareStatement("INSERT INTO " + table + " SELECT i, md5('account-' || (i % 50000))::uuid,"
                        + " timestamptz '2024-01-01 00:00:00+00' + i * interval '1.5 seconds',"
                        + " round(((i * 7919) % 10000000) / 100.0, 2),"
                        + " (ARRAY['placed', 'paid', 'shipped', 'returned'])[1 + i % 4], 1 + i % 20,"
                        + " md5(i::text) || ' ' || md5((i * 31)::text) || ' ' || md5((i * 97)::text),"
                        + " ARRAY['region-' || (i % 12), 'tier-' || (i % 3)]"
                        + " FROM generate_series(1, ?) AS i")) {
                    insert.setLong(1, rows);
                    insert.executeUpdate();
                }
                s.execute("CREATE INDEX ON " + table + " (account, created_at)");
                s.execute("VACUUM ANALYZE " + table);
                System.out.printf(Locale.ROOT, "Loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);
            }
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + table + "), pg_relation_size('" + table
                    + "'), pg_total_relation_size('" + table + "'), (SELECT avg(pg_column_size(t.*)) FROM " + table + " t)")) {
                rs.next();
                return new Facts(table, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
            }
        }
    }

    /** The local server: JDBC for the harness and the arguments of its command-line tools. */
    record Server(String host, int port, String user, String password) {

        PostgresConnector connector(String database) {
            return new PostgresConnector(url(database), user, password.isEmpty() ? null : password);
        }

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        Connection open(String database) throws SQLException {
            return DriverManager.getConnection(url(database), user, password);
        }

        String scalar(String database, String sql) throws SQLException {
            try (Connection c = open(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }

        boolean exists(String database) throws SQLException {
            return "1".equals(scalar("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'"));
        }

        void recreate(String database) throws SQLException {
            try (Connection c = open("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + database);
            }
        }

        void drop(String database) throws SQLException {
            try (Connection c = open("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }

        List<String> pgDump(String pgDump, String database, String table, String... rest) {
            List<String> cmd = new ArrayList<>(List.of(pgDump, "-h", host, "-p", Integer.toString(port), "-U", user,
                    "-d", database, "-t", table));
            cmd.addAll(List.of(rest));
            return cmd;
        }

        List<String> pgRestore(String pgRestore, String database, int jobs, Path dump) {
            return List.of(pgRestore, "-h", host, "-p", Integer.toString(port), "-U", user, "-d", database, "-j",
                    Integer.toString(jobs), "--exit-on-error", dump.toString());
        }
    }

    /** Runs PostgreSQL's command-line tools, failing on a non-zero exit with the tail of their output. */
    static final class Tool {

        static String version(String tool) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        }

        static void run(Path results, String name, Server server, List<String> command)
                throws IOException, InterruptedException {
            Path log = results.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (!server.password().isEmpty()) {
                pb.environment().put("PGPASSWORD", server.password());
            }
            int exit = pb.start().waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ": "
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
            }
        }
    }

    /** The timed runs, by measurement; the restore's phases; Rehearsal's heap peaks, by measurement. */
    private static final class Runs {
        private final Server server;
        private final CpuMeter cpu;
        private final HeapWatch heap;
        private final Facts table;
        private final Path results;
        private final String dumpDirectory;
        private final String pgRestoreName;
        private final Map<String, Series> backups = new LinkedHashMap<>();
        private final Map<String, Series> restores = new LinkedHashMap<>();
        private final Map<String, Series> phases = new LinkedHashMap<>();
        private final Map<String, List<HeapWatch.Snapshot>> heaps = new LinkedHashMap<>();
        private final Map<String, Long> outputBytes = new LinkedHashMap<>();
        private final boolean skipBackups;
        private Report.PostgresFacts facts;
        private int runNumber;

        Runs(Server server, CpuMeter cpu, HeapWatch heap, Facts table, Path results, String dumpDirectory,
                String pgRestoreName, boolean skipBackups) {
            this.server = server;
            this.skipBackups = skipBackups;
            this.cpu = cpu;
            this.heap = heap;
            this.table = table;
            this.results = results;
            this.dumpDirectory = dumpDirectory;
            this.pgRestoreName = pgRestoreName;
            reset();
        }

        void reset() {
            backups.clear();
            restores.clear();
            phases.clear();
            heaps.clear();
            for (String name : List.of(BACKUP, DUMP_CUSTOM, dumpDirectory)) {
                backups.put(name, new Series(name));
            }
            for (String name : List.of(RESTORE, VERIFY, VERIFIED, pgRestoreName)) {
                restores.put(name, new Series(name));
            }
            for (Phase p : List.of(Phase.INTEGRITY_CHECK, Phase.TABLE_CREATE, Phase.DATA_LOAD, Phase.INDEX_BUILD)) {
                phases.put(p.label(), new Series(p.label()));
            }
            heaps.put(BACKUP, new ArrayList<>());
            heaps.put(RESTORE, new ArrayList<>());
        }

        void backupFacts(BackupResult kept, long dumpBytes) {
            facts = new Report.PostgresFacts(table.table(), table.rows(), table.heapBytes(), table.totalBytes(),
                    table.rowDataBytes(), kept.manifest().totals().uncompressedBytes(), kept.manifest().totals().bytes(),
                    kept.manifest().objects().size(), dumpBytes, outputBytes);
        }

        Report.PostgresFacts facts() {
            return facts;
        }

        void round(PostgresTableSource src, PostgresTableSink sink, BackupResult kept, Path keptStore, Path keptDump,
                String pgDump, String pgRestore, String database, String tableName, int segments, int readers,
                int writers, int jobs, String when) throws Exception {
            int n = ++runNumber;

            System.out.println("    load: " + Files.readString(Path.of("/proc/loadavg")).trim());
            if (!skipBackups) {
                backups(src, pgDump, database, tableName, segments, jobs, n, when);
            }
            CpuMeter.Reading before;
            CpuMeter.Reading after;

            // Restores: Rehearsal into a sandbox schema (then verified, timed apart), pg_restore into a fresh database.
            SandboxGuard guard = PostgresTableSink.guard("rehearsal_sandbox_", Set.of(tableName), new InMemorySandboxLedger());
            String drillId = String.format(Locale.ROOT, "20260101t000000-%06d", n);
            String target = guard.sandboxFor(tableName, drillId).name();
            BackupRepository repository = new BackupRepository(new FileSystemBackupStore(keptStore));
            heap.reset();
            before = cpu.read();
            RestoreResult restored = new RestoreRunner().run(RestoreRequest.of(repository, kept.ref(), sink, target)
                    .withConcurrency(readers, writers));
            after = cpu.read();
            HeapWatch.Snapshot restoreHeap = heap.snapshot();
            expect(RESTORE, when, restored.items());
            Series.Sample sample = record(restores.get(RESTORE), before, after, restoreHeap, "");
            heaps.get(RESTORE).add(restoreHeap);
            StringBuilder phaseText = new StringBuilder();
            for (var e : restored.phases().entrySet()) {
                Series s = phases.get(e.getKey().label());
                if (s != null) {
                    s.add(new Series.Sample(e.getValue().toNanos() / 1e9, restored.items(), sample.cpu()));
                    phaseText.append(String.format(Locale.ROOT, " %s %.2f s;", e.getKey().label(), e.getValue().toNanos() / 1e9));
                }
            }
            System.out.println("    phases:" + phaseText);
            VerificationContext context = new VerificationContext(repository, kept.ref(), restored.manifest(), sink, target,
                    restored.samples());
            before = cpu.read();
            List<CheckResult> checks = Checks.run(context, List.of());
            after = cpu.read();
            for (CheckResult c : checks) {
                if (!c.passed()) {
                    throw new IllegalStateException("verification of '" + target + "' in " + when + " failed: " + c.check()
                            + ": " + c.evidence() + " " + c.details());
                }
            }
            Series.Sample verified = record(restores.get(VERIFY), before, after, null, "checks passed: "
                    + checks.stream().map(CheckResult::check).toList());
            restores.get(VERIFIED).add(new Series.Sample(sample.seconds() + verified.seconds(), table.rows(),
                    sample.cpu()));
            // The verification's snapshot of the target holds a lock DROP would wait on until its lease ends.
            ((PostgresTableSource) sink.reader()).endSnapshots(target);
            try (Connection c = server.open(database + "_sandbox"); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA \"" + target + "\" CASCADE");
            }

            String fresh = database + "_restore_" + n;
            server.recreate(fresh);
            before = cpu.read();
            Tool.run(results, "pg_restore", server, server.pgRestore(pgRestore, fresh, jobs, keptDump));
            after = cpu.read();
            long count = Long.parseLong(server.scalar(fresh, "SELECT count(*) FROM " + tableName));
            expect(pgRestoreName, when, count);
            record(restores.get(pgRestoreName), before, after, null, "");
            server.drop(fresh);
        }

        /** Rehearsal's backup, then pg_dump in both formats, each into a place of its own. */
        private void backups(PostgresTableSource src, String pgDump, String database, String tableName, int segments,
                int jobs, int n, String when) throws Exception {
            Path store = results.resolve("store-run-" + n);
            heap.reset();
            CpuMeter.Reading before = cpu.read();
            BackupResult backup = new BackupRunner().run(BackupRequest.of(src, tableName, new FileSystemBackupStore(store))
                    .withScan(ScanOptions.defaults().withSegments(segments)));
            CpuMeter.Reading after = cpu.read();
            HeapWatch.Snapshot backupHeap = heap.snapshot();
            expect(BACKUP, when, backup.manifest().totals().items());
            outputBytes.put(BACKUP, backup.manifest().totals().bytes());
            record(backups.get(BACKUP), before, after, backupHeap, backup.manifest().objects().size() + " objects");
            heaps.get(BACKUP).add(backupHeap);
            deleteTree(store);

            Path custom = results.resolve("dumps/run-" + n + ".dump");
            before = cpu.read();
            Tool.run(results, "pg_dump-custom", server, server.pgDump(pgDump, database, tableName, "-Fc", "-f", custom.toString()));
            after = cpu.read();
            outputBytes.put(DUMP_CUSTOM, Files.size(custom));
            record(backups.get(DUMP_CUSTOM), before, after, null, mib(Files.size(custom)) + " MiB");
            Files.delete(custom);

            Path directory = results.resolve("dumps/run-" + n + ".dir");
            before = cpu.read();
            Tool.run(results, "pg_dump-directory", server, server.pgDump(pgDump, database, tableName, "-Fd", "-j",
                    Integer.toString(jobs), "-f", directory.toString()));
            after = cpu.read();
            outputBytes.put(dumpDirectory, treeBytes(directory));
            record(backups.get(dumpDirectory), before, after, null, mib(treeBytes(directory)) + " MiB");
            deleteTree(directory);

        }

        private void expect(String what, String when, long rows) {
            if (rows != table.rows()) {
                throw new IllegalStateException(what + " in " + when + ": " + rows + " rows; the table has " + table.rows());
            }
        }

        private Series.Sample record(Series s, CpuMeter.Reading before, CpuMeter.Reading after, HeapWatch.Snapshot h,
                String note) {
            double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
            CpuMeter.Usage usage = CpuMeter.between(before, after);
            System.out.printf(Locale.ROOT, "  %-70s %8.2f s %9.0f rows/s   cores: bench %.2f, machine %.2f%s%s%n", s.name(),
                    seconds, table.rows() / seconds, usage.bench(), usage.machine(),
                    h == null ? "" : String.format(Locale.ROOT, "; heap after GC %.1f MiB", h.maxAfterGc() / Report.MIB),
                    note.isEmpty() ? "" : "; " + note);
            Series.Sample sample = new Series.Sample(seconds, table.rows(), usage);
            s.add(sample);
            return sample;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / Report.MIB);
    }

    private static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
