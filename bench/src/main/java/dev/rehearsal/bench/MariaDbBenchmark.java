package dev.rehearsal.bench;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
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
 * Rehearsal against MariaDB's and MySQL's own tools on one large table of the local MariaDB: a
 * backup to the filesystem store against {@code mysqldump --single-transaction} and
 * {@code mydumper -t N}, and a restore into a sandbox database against {@code mysql < dump.sql} and
 * {@code myloader -t N}, each into a fresh database. One thread count, N, is given to everything
 * that runs in parallel: Rehearsal's scan segments, its restore's writers and load connections,
 * mydumper's and myloader's threads. Run by bench/run-mariadb.sh; see docs/BENCHMARKS.md.
 *
 * <p>As in {@link PostgresBenchmark}, rounds interleave the measurements, and nothing outside a clock
 * is taken on trust: every backup must hold every row, each peer's restore must hold every row, and
 * Rehearsal's restores must pass the drill's standard checks (timed apart). The load average is
 * read before every measurement, since the machine is shared. Databases and dumps made for a run
 * are removed after it, untimed.
 */
public final class MariaDbBenchmark {

    static final String BACKUP = "Rehearsal backup (filesystem store)";
    static final String MYSQLDUMP = "mysqldump --single-transaction";
    static final String MYDUMPER = "mydumper -t %d";
    static final String RESTORE = "Rehearsal restore into a sandbox database (all phases)";
    static final String VERIFY = "Rehearsal verification, Checks.standard() (not part of the restore)";
    static final String MYSQL_LOAD = "mysql < dump.sql into a fresh database";
    static final String MYLOADER = "myloader -t %d into a fresh database";

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("host", "port", "user", "password", "database", "table", "rows",
                "repeats", "threads", "chunk-rows", "mysqldump", "mysql", "mydumper", "myloader", "results",
                "clock-ticks", "command"));
        Server server = new Server(flags.string("host", "127.0.0.1"), flags.integer("port", 3306),
                flags.string("user", "root"), flags.string("password", ""));
        String database = flags.string("database", "rehearsal_bench");
        String tableName = flags.string("table", "bench_items");
        String table = database + "." + tableName;
        long rows = flags.number("rows", 1_000_000);
        int repeats = Math.max(1, flags.integer("repeats", 3));
        int threads = Math.max(1, flags.integer("threads", 4));
        long chunkRows = Math.max(1, flags.number("chunk-rows", 0) == 0 ? Math.max(10_000, rows / (threads * 4L))
                : flags.number("chunk-rows", 0));
        Tools tools = new Tools(flags.string("mysqldump", "/usr/bin/mysqldump"), flags.string("mysql", "/usr/bin/mysql"),
                flags.string("mydumper", "/usr/bin/mydumper"), flags.string("myloader", "/usr/bin/myloader"));
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        Files.createDirectories(results);

        String serverVersion = server.scalar("SELECT version()");
        String toolVersions = Tool.version(tools.mysqldump) + "; " + Tool.version(tools.mydumper) + "; "
                + Tool.version(tools.myloader) + "; server " + serverVersion;
        System.out.println("MariaDB: " + toolVersions);

        Facts facts = load(server, database, tableName, rows);
        System.out.printf(Locale.ROOT, "Table %s: %,d rows, %.1f MiB of data (%.0f bytes a row by InnoDB's average),"
                + " %.1f MiB of secondary index%n", table, facts.rows, facts.dataBytes / Report.MIB, facts.avgRowBytes,
                facts.indexBytes / Report.MIB);

        String sandboxPrefix = "rehearsal_bench_sandbox_";
        CpuMeter cpu = new CpuMeter(0, 0, flags.integer("clock-ticks", 100));
        HeapWatch heap = new HeapWatch();
        Runs runs = new Runs(server, tools, cpu, heap, facts, results, threads, chunkRows);
        System.out.printf(Locale.ROOT, "Threads: %d (Rehearsal's scan segments, restore writers and load connections;"
                + " mydumper's and myloader's threads; mydumper chunks of %,d rows); heap max %.0f MiB%n", threads,
                chunkRows, Runtime.getRuntime().maxMemory() / Report.MIB);

        try (RehearsalSide rehearsal = RehearsalSide.open(server, table, sandboxPrefix, threads)) {
            Path store = results.resolve("store-fs");
            Path dumps = results.resolve("dumps");
            Files.createDirectories(dumps);
            // The restores restore one backup and one dump of each tool, each taken once here, untimed.
            BackupResult kept = rehearsal.backup(store);
            Path keptDump = dumps.resolve("kept.sql");
            Tool.run(results, "kept-mysqldump", server, tools.mysqldump(server, database, tableName), keptDump);
            Path keptDumper = dumps.resolve("kept-mydumper");
            Tool.run(results, "kept-mydumper", server, tools.mydumper(server, database, tableName, threads, chunkRows,
                    keptDumper), null);
            runs.backupFacts(kept, Files.size(keptDump), treeBytes(keptDumper));

            System.out.println("Warm-up (not counted):");
            runs.round(rehearsal, kept, store, keptDump, keptDumper, database, tableName, "warm-up");
            runs.reset();
            for (int round = 1; round <= repeats; round++) {
                System.out.printf("Round %d of %d:%n", round, repeats);
                runs.round(rehearsal, kept, store, keptDump, keptDumper, database, tableName, "round " + round);
            }
        }
        String text = runs.report(Machine.describe(), toolVersions, flags.string("command", "bench/run-mariadb.sh"),
                repeats);
        Files.writeString(results.resolve("results.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + results.resolve("results.md"));
    }

    /** The table as measured: rows, InnoDB's data and index sizes, and its average row length. */
    record Facts(String table, long rows, long dataBytes, long indexBytes, double avgRowBytes) {
    }

    /**
     * Creates {@code database.table} with {@code rows} rows of about 200 bytes unless it holds them
     * already (a second run skips the load), and reads its size. Values are computed from the row
     * number, as in PostgresBenchmark's table: the same columns in MariaDB's types.
     */
    static Facts load(Server server, String database, String table, long rows) throws SQLException {
        String qualified = "`" + database + "`.`" + table + "`";
        try (Connection c = server.open(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
            long present = -1;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + qualified)) {
                rs.next();
                present = rs.getLong(1);
            } catch (SQLException missing) {
                // Created below.
            }
            if (present != rows) {
                System.out.printf(Locale.ROOT, "Loading %,d rows into %s (not timed)%n", rows, qualified);
                long start = System.nanoTime();
                s.execute("DROP TABLE IF EXISTS " + qualified);
                s.execute("CREATE TABLE " + qualified + " (id BIGINT NOT NULL PRIMARY KEY, account CHAR(36) NOT NULL,"
                        + " created_at DATETIME(6) NOT NULL, amount DECIMAL(12,2) NOT NULL, status VARCHAR(16) NOT NULL,"
                        + " quantity INT NOT NULL, note TEXT, labels VARCHAR(64), KEY account_created (account, created_at))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
                s.execute("SET SESSION time_zone = '+00:00'");
                // MariaDB's SEQUENCE engine gives the row numbers: seq_1_to_N is a table of 1..N.
                String account = "MD5(CONCAT('account-', seq % 50000))";
                s.execute("INSERT INTO " + qualified + " SELECT seq, CONCAT_WS('-', SUBSTR(" + account + ", 1, 8),"
                        + " SUBSTR(" + account + ", 9, 4), SUBSTR(" + account + ", 13, 4), SUBSTR(" + account + ", 17, 4),"
                        + " SUBSTR(" + account + ", 21, 12)),"
                        + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 1500000) MICROSECOND,"
                        + " ROUND(((seq * 7919) % 10000000) / 100.0, 2),"
                        + " ELT(1 + seq % 4, 'placed', 'paid', 'shipped', 'returned'), 1 + seq % 20,"
                        + " CONCAT(MD5(seq), ' ', MD5(seq * 31), ' ', MD5(seq * 97)),"
                        + " CONCAT('region-', seq % 12, ',tier-', seq % 3)"
                        + " FROM `" + database + "`.seq_1_to_" + rows);
                s.execute("ANALYZE TABLE " + qualified);
                System.out.printf(Locale.ROOT, "Loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);
            }
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + qualified + "), data_length,"
                    + " index_length, avg_row_length FROM information_schema.tables WHERE table_schema = '" + database
                    + "' AND table_name = '" + table + "'")) {
                rs.next();
                return new Facts(database + "." + table, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
            }
        }
    }

    /** The local server: JDBC for the harness and the connection arguments of the command-line tools. */
    record Server(String host, int port, String user, String password) {

        String url(String database) {
            return "jdbc:mariadb://" + host + ":" + port + "/" + database;
        }

        Connection open() throws SQLException {
            return DriverManager.getConnection(url(""), user, password);
        }

        String scalar(String sql) throws SQLException {
            try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }

        void execute(String sql) throws SQLException {
            try (Connection c = open(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        /** Connection arguments as mysql, mysqldump, mydumper and myloader all spell them. */
        List<String> args() {
            List<String> a = new ArrayList<>(List.of("-h", host, "-P", Integer.toString(port), "-u", user));
            return a;
        }
    }

    /** The peer tools' paths and the commands they are run with. */
    record Tools(String mysqldump, String mysql, String mydumper, String myloader) {

        List<String> mysqldump(Server server, String database, String table) {
            List<String> cmd = new ArrayList<>(List.of(mysqldump));
            cmd.addAll(server.args());
            cmd.addAll(List.of("--single-transaction", database, table));
            return cmd;
        }

        List<String> mysql(Server server, String database) {
            List<String> cmd = new ArrayList<>(List.of(mysql));
            cmd.addAll(server.args());
            cmd.add(database);
            return cmd;
        }

        /** mydumper splits the table into chunks of {@code chunkRows} rows, so that its threads share the table. */
        List<String> mydumper(Server server, String database, String table, int threads, long chunkRows, Path out) {
            List<String> cmd = new ArrayList<>(List.of(mydumper));
            cmd.addAll(server.args());
            cmd.addAll(List.of("-B", database, "-T", table, "-t", Integer.toString(threads), "-r",
                    Long.toString(chunkRows), "-o", out.toString()));
            return cmd;
        }

        List<String> myloader(Server server, String database, int threads, Path dir) {
            List<String> cmd = new ArrayList<>(List.of(myloader));
            cmd.addAll(server.args());
            cmd.addAll(List.of("-d", dir.toString(), "-B", database, "-t", Integer.toString(threads)));
            return cmd;
        }
    }

    /** Runs the command-line tools, failing on a non-zero exit with the tail of their log. */
    static final class Tool {

        static String version(String tool) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out.lines().findFirst().orElse(tool);
        }

        /** Runs {@code command}; its standard output goes to {@code stdout} if given, else to the log with its errors. */
        static void run(Path results, String name, Server server, List<String> command, Path stdout)
                throws IOException, InterruptedException {
            run(results, name, server, command, null, stdout);
        }

        static void run(Path results, String name, Server server, List<String> command, Path stdin, Path stdout)
                throws IOException, InterruptedException {
            Path log = results.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command);
            if (stdout != null) {
                pb.redirectOutput(stdout.toFile()).redirectError(log.toFile());
            } else {
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
            }
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            if (!server.password().isEmpty()) {
                pb.environment().put("MYSQL_PWD", server.password());
            }
            int exit = pb.start().waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ": "
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
            }
        }
    }

    /** The timed runs by measurement, the restore's phases, Rehearsal's heap peaks and the load average of each run. */
    private static final class Runs {
        private final Server server;
        private final Tools tools;
        private final CpuMeter cpu;
        private final HeapWatch heap;
        private final Facts table;
        private final Path results;
        private final int threads;
        private final long chunkRows;
        private final String mydumperName;
        private final String myloaderName;
        private final Map<String, Series> backups = new LinkedHashMap<>();
        private final Map<String, Series> restores = new LinkedHashMap<>();
        private final Map<String, Series> phases = new LinkedHashMap<>();
        private final Map<String, List<HeapWatch.Snapshot>> heaps = new LinkedHashMap<>();
        private final Map<String, Long> outputBytes = new LinkedHashMap<>();
        private final List<String> loads = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private long backupJsonBytes;
        private long backupStoredBytes;
        private int backupObjects;
        private int runNumber;

        Runs(Server server, Tools tools, CpuMeter cpu, HeapWatch heap, Facts table, Path results, int threads,
                long chunkRows) {
            this.server = server;
            this.tools = tools;
            this.cpu = cpu;
            this.heap = heap;
            this.table = table;
            this.results = results;
            this.threads = threads;
            this.chunkRows = chunkRows;
            this.mydumperName = String.format(Locale.ROOT, MYDUMPER, threads);
            this.myloaderName = String.format(Locale.ROOT, MYLOADER, threads);
            reset();
        }

        void reset() {
            backups.clear();
            restores.clear();
            phases.clear();
            heaps.clear();
            loads.clear();
            failures.clear();
            for (String name : List.of(BACKUP, MYSQLDUMP, mydumperName)) {
                backups.put(name, new Series(name));
            }
            for (String name : List.of(RESTORE, VERIFY, MYSQL_LOAD, myloaderName)) {
                restores.put(name, new Series(name));
            }
            for (Phase p : List.of(Phase.INTEGRITY_CHECK, Phase.TABLE_CREATE, Phase.DATA_LOAD, Phase.INDEX_BUILD)) {
                phases.put(p.label(), new Series(p.label()));
            }
            heaps.put(BACKUP, new ArrayList<>());
            heaps.put(RESTORE, new ArrayList<>());
        }

        void backupFacts(BackupResult kept, long dumpBytes, long dumperBytes) {
            backupJsonBytes = kept.manifest().totals().uncompressedBytes();
            backupStoredBytes = kept.manifest().totals().bytes();
            backupObjects = kept.manifest().objects().size();
            outputBytes.put(MYSQLDUMP, dumpBytes);
            outputBytes.put(mydumperName, dumperBytes);
        }

        void round(RehearsalSide rehearsal, BackupResult kept, Path keptStore, Path keptDump, Path keptDumper,
                String database, String tableName, String when) throws Exception {
            int n = ++runNumber;

            // Backups: Rehearsal, then mysqldump and mydumper, each into a place of its own.
            Path store = results.resolve("store-run-" + n);
            heap.reset();
            String load = loadAverage();
            CpuMeter.Reading before = cpu.read();
            BackupResult backup = rehearsal.backup(store);
            CpuMeter.Reading after = cpu.read();
            HeapWatch.Snapshot backupHeap = heap.snapshot();
            expect(BACKUP, when, backup.manifest().totals().items());
            outputBytes.put(BACKUP, backup.manifest().totals().bytes());
            record(backups.get(BACKUP), when, load, before, after, backupHeap, backup.manifest().objects().size() + " objects");
            heaps.get(BACKUP).add(backupHeap);
            deleteTree(store);

            Path dump = results.resolve("dumps/run-" + n + ".sql");
            load = loadAverage();
            before = cpu.read();
            Tool.run(results, "mysqldump", server, tools.mysqldump(server, database, tableName), dump);
            after = cpu.read();
            record(backups.get(MYSQLDUMP), when, load, before, after, null, mib(Files.size(dump)) + " MiB");
            Files.delete(dump);

            Path dumper = results.resolve("dumps/run-" + n + ".mydumper");
            load = loadAverage();
            before = cpu.read();
            Tool.run(results, "mydumper", server, tools.mydumper(server, database, tableName, threads, chunkRows, dumper),
                    null);
            after = cpu.read();
            record(backups.get(mydumperName), when, load, before, after, null, mib(treeBytes(dumper)) + " MiB");
            deleteTree(dumper);

            // Restores: Rehearsal into a sandbox database (then verified, timed apart), the peers into fresh databases.
            heap.reset();
            load = loadAverage();
            before = cpu.read();
            RehearsalSide.Restored restored = rehearsal.restore(keptStore, kept, n);
            after = cpu.read();
            HeapWatch.Snapshot restoreHeap = heap.snapshot();
            expect(RESTORE, when, restored.result().items());
            Series.Sample sample = record(restores.get(RESTORE), when, load, before, after, restoreHeap, "");
            heaps.get(RESTORE).add(restoreHeap);
            StringBuilder phaseText = new StringBuilder();
            for (var e : restored.result().phases().entrySet()) {
                Series s = phases.get(e.getKey().label());
                if (s != null) {
                    s.add(new Series.Sample(e.getValue().toNanos() / 1e9, restored.result().items(), sample.cpu()));
                    phaseText.append(String.format(Locale.ROOT, " %s %.2f s;", e.getKey().label(),
                            e.getValue().toNanos() / 1e9));
                }
            }
            System.out.println("    phases:" + phaseText);
            load = loadAverage();
            before = cpu.read();
            List<CheckResult> checks = rehearsal.verify(kept, restored);
            after = cpu.read();
            record(restores.get(VERIFY), when, load, before, after, null, "checks passed: "
                    + checks.stream().map(CheckResult::check).toList());
            rehearsal.drop(restored);

            String fresh = database + "_restore_" + n;
            server.execute("DROP DATABASE IF EXISTS `" + fresh + "`");
            server.execute("CREATE DATABASE `" + fresh + "`");
            load = loadAverage();
            before = cpu.read();
            Tool.run(results, "mysql-load", server, tools.mysql(server, fresh), keptDump, null);
            after = cpu.read();
            expect(MYSQL_LOAD, when, Long.parseLong(server.scalar("SELECT count(*) FROM `" + fresh + "`.`" + tableName + "`")));
            record(restores.get(MYSQL_LOAD), when, load, before, after, null, "");
            server.execute("DROP DATABASE `" + fresh + "`");

            // myloader creates the database it is given. On a loaded machine its threads can fail on
            // InnoDB's lock wait timeout: such a run is recorded as failed, never retried inside the clock.
            load = loadAverage();
            before = cpu.read();
            try {
                Tool.run(results, "myloader", server, tools.myloader(server, fresh, threads, keptDumper), null);
                after = cpu.read();
                expect(myloaderName, when, Long.parseLong(server.scalar("SELECT count(*) FROM `" + fresh + "`.`"
                        + tableName + "`")));
                record(restores.get(myloaderName), when, load, before, after, null, "");
            } catch (IllegalStateException e) {
                String first = e.getMessage().lines().filter(l -> l.contains("Error")).findFirst()
                        .orElse(e.getMessage().lines().findFirst().orElse("failed"));
                System.out.printf(Locale.ROOT, "  %-62s FAILED after %.2f s; load %s: %s%n", myloaderName,
                        (System.nanoTime() - before.nanoTime()) / 1e9, load, first.trim());
                loads.add(String.format(Locale.ROOT, "| %s | %s | failed after %.2f | %s |", when, myloaderName,
                        (System.nanoTime() - before.nanoTime()) / 1e9, load));
                failures.add(when + ": " + myloaderName + ": " + first.trim());
            }
            server.execute("DROP DATABASE IF EXISTS `" + fresh + "`");
        }

        private void expect(String what, String when, long rows) {
            if (rows != table.rows()) {
                throw new IllegalStateException(what + " in " + when + ": " + rows + " rows; the table has " + table.rows());
            }
        }

        private Series.Sample record(Series s, String when, String load, CpuMeter.Reading before, CpuMeter.Reading after,
                HeapWatch.Snapshot h, String note) {
            double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
            CpuMeter.Usage usage = CpuMeter.between(before, after);
            System.out.printf(Locale.ROOT, "  %-62s %8.2f s %9.0f rows/s   cores: bench %.2f, machine %.2f; load %s%s%s%n",
                    s.name(), seconds, table.rows() / seconds, usage.bench(), usage.machine(), load,
                    h == null ? "" : String.format(Locale.ROOT, "; heap after GC %.1f MiB", h.maxAfterGc() / Report.MIB),
                    note.isEmpty() ? "" : "; " + note);
            loads.add(String.format(Locale.ROOT, "| %s | %s | %.2f | %s |", when, s.name(), seconds, load));
            Series.Sample sample = new Series.Sample(seconds, table.rows(), usage);
            s.add(sample);
            return sample;
        }

        String report(Machine m, String toolVersions, String command, int repeats) {
            StringBuilder out = new StringBuilder();
            Report machine = new Report().machine(m, "MariaDB tools", toolVersions, command, repeats);
            out.append(machine);
            line(out, "### MariaDB: table `" + table.table() + "`");
            line(out, "");
            line(out, String.format(Locale.ROOT, "%,d rows; %.1f MiB of InnoDB data (%.0f bytes a row by its average),"
                            + " %.1f MiB of secondary index. A Rehearsal backup writes %.1f MiB of JSON lines, stored as"
                            + " %.1f MiB of zstd in %d data objects; `mysqldump` writes %.1f MiB of SQL, `mydumper` %.1f MiB."
                            + " Threads everywhere: %d (mydumper in chunks of %,d rows).",
                    table.rows(), table.dataBytes() / Report.MIB, table.avgRowBytes(), table.indexBytes() / Report.MIB,
                    backupJsonBytes / Report.MIB, backupStoredBytes / Report.MIB, backupObjects,
                    outputBytes.getOrDefault(MYSQLDUMP, 0L) / Report.MIB, outputBytes.getOrDefault(mydumperName, 0L) / Report.MIB,
                    threads, chunkRows));
            line(out, "");
            line(out, "| Backup | Median s | Min–max s | Rows/s | MiB/s of InnoDB data | Output MiB | Cores busy: bench JVM / machine |");
            line(out, "|---|---:|---:|---:|---:|---:|---|");
            for (Series s : backups.values()) {
                Long bytes = outputBytes.get(s.name());
                line(out, row(s) + (bytes == null ? "" : String.format(Locale.ROOT, "%.1f", bytes / Report.MIB)) + " | "
                        + cores(s) + " |");
            }
            line(out, "");
            line(out, "| Restore | Median s | Min–max s | Rows/s | MiB/s of InnoDB data | Cores busy: bench JVM / machine |");
            line(out, "|---|---:|---:|---:|---:|---|");
            for (Series s : restores.values()) {
                if (s.isEmpty()) {
                    line(out, "| " + s.name() + " | failed in every timed run | | | | |");
                    continue;
                }
                line(out, row(s) + cores(s) + " |");
                if (s.name().equals(RESTORE)) {
                    for (Series p : phases.values()) {
                        if (!p.isEmpty()) {
                            line(out, String.format(Locale.ROOT, "| &nbsp;&nbsp;phase %s | %.2f | %.2f–%.2f | | | |",
                                    p.name(), p.medianSeconds(), p.minSeconds(), p.maxSeconds()));
                        }
                    }
                }
            }
            line(out, "");
            line(out, "MiB/s divides the table's InnoDB data length by the time, whatever each tool reads or writes."
                    + " Cores are averages over the run: the bench JVM's own, and the whole machine's (the MariaDB server,"
                    + " the peer tool, and anything else running).");
            line(out, "");
            line(out, "| Ratio of medians | Value | Target | |");
            line(out, "|---|---:|---|---|");
            double backup = backups.get(BACKUP).medianSeconds();
            for (String peer : List.of(MYSQLDUMP, mydumperName)) {
                ratio(out, "Rehearsal backup / " + peer, backup / backups.get(peer).medianSeconds());
            }
            double restore = restores.get(RESTORE).medianSeconds();
            for (String peer : List.of(MYSQL_LOAD, myloaderName)) {
                if (restores.get(peer).isEmpty()) {
                    line(out, "| Rehearsal restore (all phases) / " + peer + " | n/a | < 1.0× (faster) | the peer failed"
                            + " in every timed run |");
                } else {
                    ratio(out, "Rehearsal restore (all phases) / " + peer, restore / restores.get(peer).medianSeconds());
                }
            }
            line(out, "");
            if (!failures.isEmpty()) {
                line(out, "Peer runs that failed (not counted in any median):");
                line(out, "");
                failures.forEach(f -> line(out, "- " + f));
                line(out, "");
            }
            List<HeapWatch.Snapshot> hb = heaps.get(BACKUP);
            List<HeapWatch.Snapshot> hr = heaps.get(RESTORE);
            line(out, "| Rehearsal's heap, highest of the timed runs | Backup | Restore |");
            line(out, "|---|---:|---:|");
            line(out, "| Heap limit (-Xmx), MiB | " + peak(hb, HeapWatch.Snapshot::heapMax) + " | "
                    + peak(hr, HeapWatch.Snapshot::heapMax) + " |");
            line(out, "| Peak heap after a collection (live data), MiB | " + peak(hb, HeapWatch.Snapshot::maxAfterGc) + " | "
                    + peak(hr, HeapWatch.Snapshot::maxAfterGc) + " |");
            line(out, "| Peak heap before a collection, MiB | " + peak(hb, HeapWatch.Snapshot::maxBeforeGc) + " | "
                    + peak(hr, HeapWatch.Snapshot::maxBeforeGc) + " |");
            line(out, "| Sum of the heap pools' peaks, MiB | " + peak(hb, HeapWatch.Snapshot::poolPeaks) + " | "
                    + peak(hr, HeapWatch.Snapshot::poolPeaks) + " |");
            line(out, "");
            line(out, "Load average (1, 5, 15 min, from /proc/loadavg) when each timed run started:");
            line(out, "");
            line(out, "| Round | Measurement | s | Load average |");
            line(out, "|---|---|---:|---|");
            loads.forEach(l -> line(out, l));
            line(out, "");
            return out.toString();
        }

        private String row(Series s) {
            double median = s.medianSeconds();
            return String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %,.0f | %.1f | ", s.name(), median, s.minSeconds(),
                    s.maxSeconds(), table.rows() / median, table.dataBytes() / Report.MIB / median);
        }

        private static String cores(Series s) {
            CpuMeter.Usage u = s.medianCpu();
            return String.format(Locale.ROOT, "%.2f / %.2f", u.bench(), u.machine());
        }

        private static void ratio(StringBuilder out, String label, double value) {
            line(out, String.format(Locale.ROOT, "| %s | %.2f× | < 1.0× (faster) | %s |", label, value,
                    value < 1.0 ? "met" : "**missed**"));
        }

        private static String peak(List<HeapWatch.Snapshot> runs, java.util.function.ToLongFunction<HeapWatch.Snapshot> f) {
            return String.format(Locale.ROOT, "%.1f", runs.stream().mapToLong(f).max().orElse(0) / Report.MIB);
        }

        private static void line(StringBuilder out, String s) {
            out.append(s).append('\n');
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / Report.MIB);
    }

    static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    static void deleteTree(Path dir) throws IOException {
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
