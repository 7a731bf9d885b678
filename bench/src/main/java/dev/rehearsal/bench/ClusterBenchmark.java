package dev.rehearsal.bench;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.StoredObject;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Remote partitioning against in-process partitioning: the same PostgreSQL backup, with the same
 * number of segments, run by the packaged daemon (dashboard's -exec jar, each replica a JVM of its
 * own) in four setups: cluster off (one process reading 4 segments at once), and with the cluster
 * on, one process with worker-concurrency 4, one with 2, and two with 2 each. Run by
 * bench/run-cluster.sh; see docs/BENCHMARKS.md.
 *
 * <p>Each setup has a catalog database and a broker queue of its own, so that all its daemons run
 * for the whole benchmark (warm, and idle while the other setups measure) and no replica takes
 * another setup's partitions. A backup is started over the API of the setup's first daemon, and
 * timed by the daemon itself: the end time minus the start time of its rehearsal-backup job
 * execution in the catalog. Each partition's time comes from the catalog too: rehearsal_partition's
 * claimed_at and finished_at with the cluster on, the partition's step execution without it. Rounds
 * interleave the setups. Every backup must complete in one job execution, with every partition
 * completed, and hold every row of the table, or the run fails (it is then reported and measured
 * again, twice at most); each is deleted after it is measured, untimed.
 */
public final class ClusterBenchmark {

    /** What a process reads at once without the cluster: dashboard's BackupJob.SEGMENT_THREADS. */
    static final int IN_PROCESS_THREADS = 4;
    static final String SOURCE = "pg";
    static final String JOB = "rehearsal-backup";
    /** A cron for 1 January at midnight: scheduled, never reached during a run; backups start over the API. */
    static final String NEVER = "0 0 0 1 1 *";

    /** One way of running the backup: with or without the cluster, and how many processes and partitions at once. */
    record Setup(String key, String label, boolean cluster, int processes, int concurrency) {

        int atOnce() {
            return cluster ? processes * concurrency : IN_PROCESS_THREADS;
        }
    }

    static final Setup IN_PROCESS = new Setup("in_process", "In-process partitioning (cluster off), 1 process, 4 segment threads",
            false, 1, IN_PROCESS_THREADS);
    static final Setup REMOTE_1X4 = new Setup("remote_1x4", "Remote partitioning, 1 process × worker-concurrency 4", true, 1, 4);
    static final Setup REMOTE_1X2 = new Setup("remote_1x2", "Remote partitioning, 1 process × worker-concurrency 2", true, 1, 2);
    static final Setup REMOTE_2X2 = new Setup("remote_2x2", "Remote partitioning, 2 processes × worker-concurrency 2", true, 2, 2);
    static final List<Setup> SETUPS = List.of(IN_PROCESS, REMOTE_1X4, REMOTE_1X2, REMOTE_2X2);

    /** One partition as the catalog recorded it: its segment, the process that ran it, when, and the rows it read. */
    record Partition(int segment, long pid, Instant start, Instant end, long rows) {

        double seconds() {
            return Duration.between(start, end).toNanos() / 1e9;
        }
    }

    /**
     * One timed backup: the job's duration and its steps' (prepare, segments, commit), the cores
     * each party kept busy, and its partitions.
     */
    record Run(Setup setup, String when, long jobExecutionId, double seconds, double prepare, double segments,
            double commit, Instant segmentsStart, Instant segmentsEnd, Cores cores, List<Partition> partitions,
            long storedBytes, long jsonBytes) {

        /** Partitions running at once on average over the segments step: their summed time over its time. */
        double concurrency() {
            return partitions.stream().mapToDouble(Partition::seconds).sum() / segments;
        }

        /** From the segments step's start to the first partition's start: handing the partitions out. */
        double dispatch() {
            Instant first = partitions.stream().map(Partition::start).min(Instant::compareTo).orElse(segmentsStart);
            return Duration.between(segmentsStart, first).toNanos() / 1e9;
        }

        /** From the last partition's end to the segments step's end: noticing that all are done. */
        double collect() {
            Instant last = partitions.stream().map(Partition::end).max(Instant::compareTo).orElse(segmentsEnd);
            return Duration.between(last, segmentsEnd).toNanos() / 1e9;
        }

        /** Partitions run by each process, by pid. */
        Map<Long, Long> partitionsByPid() {
            Map<Long, Long> n = new TreeMap<>();
            partitions.forEach(p -> n.merge(p.pid(), 1L, Long::sum));
            return n;
        }
    }

    /**
     * Average cores busy over a run: the setup's daemons, the PostgreSQL server, the broker, and the
     * whole machine; {@code window} is the seconds they were measured over.
     */
    record Cores(double daemons, double postgres, double broker, double machine, double window) {

        /** CPU microseconds a row, of the daemons, the server and the broker, over {@code rows}. */
        double[] microsPerRow(long rows) {
            return new double[] {daemons * window / rows * 1e6, postgres * window / rows * 1e6,
                    broker * window / rows * 1e6};
        }
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("host", "port", "user", "password", "database", "table", "rows",
                "segments", "repeats", "heap", "jar", "rabbitmq-host", "rabbitmq-port", "rabbitmq-user",
                "rabbitmq-password", "broker-version", "results", "clock-ticks", "command"));
        PostgresBenchmark.Server server = new PostgresBenchmark.Server(flags.string("host", "127.0.0.1"),
                flags.integer("port", 5432), flags.string("user", "postgres"), flags.string("password", ""));
        String database = flags.string("database", "rehearsal_cluster_bench");
        String table = flags.string("table", "public.bench_items");
        long rows = flags.number("rows", 6_000_000);
        int segments = Math.max(1, flags.integer("segments", 16));
        int repeats = Math.max(1, flags.integer("repeats", 3));
        String heap = flags.string("heap", "256m");
        Path jar = Path.of(flags.required("jar")).toAbsolutePath();
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        double ticks = flags.integer("clock-ticks", 100);
        Files.createDirectories(results);
        Broker broker = new Broker(flags.string("rabbitmq-host", "127.0.0.1"), flags.integer("rabbitmq-port", 5672),
                flags.string("rabbitmq-user", "guest"), flags.string("rabbitmq-password", "guest"));

        String serverVersion = server.scalar("postgres", "SHOW server_version");
        String servers = "PostgreSQL " + serverVersion + "; RabbitMQ " + flags.string("broker-version", "unknown")
                + "; daemon " + jar.getFileName();
        System.out.println("Servers: " + servers);
        Report report = new Report().machine(Machine.describe(), "Servers", servers,
                flags.string("command", "bench/run-cluster.sh"), repeats);

        PostgresBenchmark.Facts facts = PostgresBenchmark.load(server, database, table, rows);
        System.out.printf(Locale.ROOT, "Table %s: %,d rows, %.1f MiB of heap; %d segments%n", table, facts.rows(),
                facts.heapBytes() / Report.MIB, segments);

        String token = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24));
        String tokenSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
        Map<Setup, List<PackagedDaemon>> daemons = new LinkedHashMap<>();
        List<Run> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Cores idle;
        try {
            for (Setup s : SETUPS) {
                String catalog = catalog(database, s);
                server.recreate(catalog);
                Path store = results.resolve("store-" + s.key());
                Files.createDirectories(store);
                List<PackagedDaemon> replicas = new ArrayList<>();
                for (int i = 1; i <= s.processes(); i++) {
                    // One after the other: the first creates the catalog's schema.
                    System.out.printf("Starting daemon %s-%d%n", s.key(), i);
                    replicas.add(PackagedDaemon.start(jar, s.key() + "-" + i,
                            properties(s, server, catalog, database, table, segments, store, broker, tokenSha256), heap,
                            results));
                }
                daemons.put(s, replicas);
            }
            Meter meter = new Meter(postmaster(server), broker(), ticks);
            List<Long> all = daemons.values().stream().flatMap(List::stream).map(PackagedDaemon::pid).toList();
            idle = meter.idle(all, Duration.ofSeconds(10));
            System.out.printf(Locale.ROOT, "All %d daemons idle for 10 s: %.2f cores (daemons), %.2f (PostgreSQL), %.2f"
                    + " (RabbitMQ), %.2f (machine)%n", all.size(), idle.daemons(), idle.postgres(), idle.broker(),
                    idle.machine());

            Runner runner = new Runner(server, database, table, facts, segments, token, results, meter);
            System.out.println("Warm-up (not counted):");
            for (Setup s : SETUPS) {
                runs.add(runner.measure(s, daemons.get(s), "warm-up", failures));
            }
            for (int round = 1; round <= repeats; round++) {
                System.out.printf("Round %d of %d:%n", round, repeats);
                for (Setup s : SETUPS) {
                    runs.add(runner.measure(s, daemons.get(s), "round " + round, failures));
                }
            }
        } finally {
            for (List<PackagedDaemon> replicas : daemons.values()) {
                for (PackagedDaemon d : replicas) {
                    d.close();
                }
            }
        }
        Map<Setup, List<Long>> pids = new LinkedHashMap<>();
        daemons.forEach((s, replicas) -> pids.put(s, replicas.stream().map(PackagedDaemon::pid).toList()));
        report.cluster(facts, segments, SETUPS, runs, pids, idle, failures);
        String text = report.toString();
        Files.writeString(results.resolve("results.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + results.resolve("results.md"));
    }

    /** The catalog database of a setup: its own, so that its job executions and partitions are apart. */
    private static String catalog(String database, Setup s) {
        return database + "_catalog_" + s.key();
    }

    record Broker(String host, int port, String user, String password) {
    }

    /** The daemon's configuration for a setup, as {@code --key=value} arguments. */
    private static Map<String, String> properties(Setup s, PostgresBenchmark.Server server, String catalog, String database,
            String table, int segments, Path store, Broker broker, String tokenSha256) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", server.url(catalog));
        p.put("spring.datasource.username", server.user());
        p.put("spring.datasource.password", server.password());
        String src = "rehearsal.sources." + SOURCE + ".";
        p.put(src + "kind", "postgres");
        p.put(src + "jdbc-url", server.url(database));
        p.put(src + "username", server.user());
        p.put(src + "password", server.password());
        p.put(src + "include[0]", table);
        p.put("rehearsal.stores.disk.type", "filesystem");
        p.put("rehearsal.stores.disk.path", store.toString());
        String policy = "rehearsal.policies.bench.";
        p.put(policy + "source", SOURCE);
        p.put(policy + "tables[0]", table);
        p.put(policy + "store", "disk");
        p.put(policy + "backup-cron", NEVER);
        p.put(policy + "rto", "1h");
        p.put(policy + "rpo", "1d");
        p.put(policy + "segments", Integer.toString(segments));
        // The harness deletes each backup once measured; retention must not delete anything inside a timed job.
        p.put(policy + "retention.keep-last", "1000");
        p.put("rehearsal.security.tokens.bench.sha256", tokenSha256);
        p.put("rehearsal.security.tokens.bench.role", "operator");
        p.put("rehearsal.cluster.enabled", Boolean.toString(s.cluster()));
        if (s.cluster()) {
            p.put("rehearsal.cluster.worker-concurrency", Integer.toString(s.concurrency()));
            p.put("rehearsal.cluster.queue", "rehearsal.partitions.bench-" + s.key().replace('_', '-'));
            p.put("spring.rabbitmq.host", broker.host());
            p.put("spring.rabbitmq.port", Integer.toString(broker.port()));
            p.put("spring.rabbitmq.username", broker.user());
            p.put("spring.rabbitmq.password", broker.password());
        }
        return p;
    }

    /** The PostgreSQL server's main process: the parent of this connection's backend. */
    private static long postmaster(PostgresBenchmark.Server server) throws SQLException, IOException {
        try (Connection c = server.open("postgres"); var s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return Long.parseLong(CpuMeter.statFields(r.getLong(1))[1]); // read while the backend lives
        }
    }

    /** The local RabbitMQ node (the Erlang VM, beam.smp), or 0 if it is not on this machine. */
    private static long broker() throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).trim().equals("beam.smp")) {
                        return Long.parseLong(p.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // Ended while listed.
                }
            }
        }
        return 0;
    }

    /**
     * CPU time of the parties to a run, from /proc: the given daemons, the PostgreSQL server (its
     * main process, its live children, and its children that ended, such as the backends of closed
     * connections), the broker, and the whole machine. The server's figure includes whatever else
     * its other databases served meanwhile; the harness reads it idle once, before the first run.
     */
    static final class Meter {
        private final long postmaster;
        private final long broker;
        private final double ticks;

        Meter(long postmaster, long broker, double ticks) {
            this.postmaster = postmaster;
            this.broker = broker;
            this.ticks = ticks;
        }

        record Reading(long nanoTime, double daemons, double postgres, double broker, double machine) {
        }

        Reading read(List<Long> daemons) throws IOException {
            double d = 0;
            for (long pid : daemons) {
                d += CpuMeter.processSeconds(pid, false, ticks);
            }
            return new Reading(System.nanoTime(), d, postgres(), CpuMeter.processSeconds(broker, false, ticks),
                    CpuMeter.machineBusySeconds(ticks));
        }

        static Cores between(Reading a, Reading b) {
            double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
            return new Cores((b.daemons() - a.daemons()) / wall, (b.postgres() - a.postgres()) / wall,
                    (b.broker() - a.broker()) / wall, (b.machine() - a.machine()) / wall, wall);
        }

        Cores idle(List<Long> daemons, Duration over) throws IOException, InterruptedException {
            Reading a = read(daemons);
            Thread.sleep(over.toMillis());
            return between(a, read(daemons));
        }

        private double postgres() throws IOException {
            double total = CpuMeter.processSeconds(postmaster, true, ticks);
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    try {
                        if (Long.parseLong(CpuMeter.statFields(pid)[1]) == postmaster) {
                            total += CpuMeter.processSeconds(pid, false, ticks);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // Ended while listed: its time is in the main process's children's from now on.
                    }
                }
            }
            return total;
        }
    }

    /** Starts one backup over a setup's API, waits for its job to end, and reads what the catalog and the store say of it. */
    private static final class Runner {
        private final PostgresBenchmark.Server server;
        private final String database;
        private final String table;
        private final PostgresBenchmark.Facts facts;
        private final int segments;
        private final String token;
        private final Path results;
        private final Meter meter;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Runner(PostgresBenchmark.Server server, String database, String table, PostgresBenchmark.Facts facts, int segments,
                String token, Path results, Meter meter) {
            this.server = server;
            this.database = database;
            this.table = table;
            this.facts = facts;
            this.segments = segments;
            this.token = token;
            this.results = results;
            this.meter = meter;
        }

        /**
         * Runs a backup; one that fails (on a shared machine, say, someone stopped the broker) is
         * recorded in {@code failures} and measured again once the setup is healthy and idle, twice
         * at most.
         */
        Run measure(Setup s, List<PackagedDaemon> replicas, String when, List<String> failures) throws Exception {
            for (int attempt = 1; ; attempt++) {
                try {
                    return run(s, replicas, when);
                } catch (IllegalStateException e) {
                    String first = e.getMessage().lines().findFirst().orElse(e.toString());
                    if (attempt == 3) {
                        throw e;
                    }
                    failures.add(s.label() + ", " + when + ", attempt " + attempt + ": " + first);
                    System.out.println("  FAILED (measured again once the setup is healthy and idle): " + first);
                    awaitIdle(s, replicas);
                }
            }
        }

        /** Waits until every daemon of the setup is healthy (the broker included) and no job runs in its catalog. */
        private void awaitIdle(Setup s, List<PackagedDaemon> replicas) throws Exception {
            for (PackagedDaemon d : replicas) {
                d.awaitHealthy(Duration.ofMinutes(15));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (Long.parseLong(server.scalar(catalog(database, s),
                    "SELECT count(*) FROM batch_job_execution WHERE end_time IS NULL")) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s.key() + ": a job still runs 15 minutes after a failed measurement");
                }
                Thread.sleep(1_000);
            }
            Thread.sleep(3_000); // the replicas' broker consumers reconnect
        }

        Run run(Setup s, List<PackagedDaemon> replicas, String when) throws Exception {
            String catalog = catalog(database, s);
            List<Long> pids = replicas.stream().map(PackagedDaemon::pid).toList();
            long since = Long.parseLong(server.scalar(catalog, "SELECT COALESCE(MAX(job_execution_id), 0) FROM batch_job_execution"));
            Meter.Reading before = meter.read(pids);
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(replicas.get(0).uri("/api/v1/backups"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"" + SOURCE + "\",\"table\":\"" + table + "\"}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                throw new IllegalStateException(s.key() + ", " + when + ": the backup was not started: "
                        + started.statusCode() + " " + started.body());
            }
            long job = awaitJob(s, replicas, catalog, since, when);
            Meter.Reading after = meter.read(pids);
            Cores cores = Meter.between(before, after);

            try (Connection c = server.open(catalog)) {
                Map<String, Instant[]> steps = new LinkedHashMap<>();
                Instant[] jobTimes;
                try (PreparedStatement q = c.prepareStatement("SELECT start_time, end_time FROM batch_job_execution"
                        + " WHERE job_execution_id = ?")) {
                    q.setLong(1, job);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        jobTimes = new Instant[] {instant(r.getTimestamp(1)), instant(r.getTimestamp(2))};
                    }
                }
                List<Partition> partitions = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("SELECT step_name, start_time, end_time, status"
                        + " FROM batch_step_execution WHERE job_execution_id = ?")) {
                    q.setLong(1, job);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            String name = r.getString(1);
                            if (!"COMPLETED".equals(r.getString(4))) {
                                throw new IllegalStateException(s.key() + ", " + when + ": step " + name + " is "
                                        + r.getString(4));
                            }
                            steps.put(name, new Instant[] {instant(r.getTimestamp(2)), instant(r.getTimestamp(3))});
                            if (!s.cluster() && name.startsWith("segment:segment")) {
                                partitions.add(new Partition(segmentOf(name), pids.get(0), instant(r.getTimestamp(2)),
                                        instant(r.getTimestamp(3)), 0));
                            }
                        }
                    }
                }
                if (s.cluster()) {
                    try (PreparedStatement q = c.prepareStatement("SELECT step_name, worker_pid, claimed_at, finished_at,"
                            + " status FROM rehearsal_partition WHERE job_execution_id = ?")) {
                        q.setLong(1, job);
                        try (ResultSet r = q.executeQuery()) {
                            while (r.next()) {
                                if (!"COMPLETED".equals(r.getString(5))) {
                                    throw new IllegalStateException(s.key() + ", " + when + ": partition " + r.getString(1)
                                            + " is " + r.getString(5));
                                }
                                partitions.add(new Partition(segmentOf(r.getString(1)), r.getLong(2),
                                        instant(r.getTimestamp(3)), instant(r.getTimestamp(4)), 0));
                            }
                        }
                    }
                }
                if (partitions.size() != segments) {
                    throw new IllegalStateException(s.key() + ", " + when + ": " + partitions.size() + " partitions, expected "
                            + segments);
                }
                for (Partition p : partitions) {
                    if (!pids.contains(p.pid())) {
                        throw new IllegalStateException(s.key() + ", " + when + ": partition " + p.segment() + " ran in"
                                + " process " + p.pid() + ", not one of this setup's " + pids);
                    }
                }

                // What the backup holds, from its manifest; then it is deleted, untimed.
                BackupRepository repository = new BackupRepository(new FileSystemBackupStore(results.resolve("store-" + s.key())));
                List<BackupRef> committed = repository.committed(SOURCE, table);
                if (committed.size() != 1) {
                    throw new IllegalStateException(s.key() + ", " + when + ": " + committed.size()
                            + " committed backups in the store, expected the one just taken");
                }
                Manifest m = repository.manifest(committed.get(0));
                if (m.totals().items() != facts.rows()) {
                    throw new IllegalStateException(s.key() + ", " + when + ": the backup holds " + m.totals().items()
                            + " rows; the table has " + facts.rows());
                }
                Map<Integer, Long> rowsBySegment = new TreeMap<>();
                m.objects().forEach(o -> rowsBySegment.merge(o.segment(), o.items(), Long::sum));
                List<Partition> withRows = partitions.stream()
                        .map(p -> new Partition(p.segment(), p.pid(), p.start(), p.end(), rowsBySegment.getOrDefault(p.segment(), 0L)))
                        .sorted((a, b) -> Integer.compare(a.segment(), b.segment())).toList();
                delete(repository, committed.get(0));

                Run run = new Run(s, when, job, seconds(jobTimes), seconds(steps.get("prepare")), seconds(steps.get("segments")),
                        seconds(steps.get("commit")), steps.get("segments")[0], steps.get("segments")[1], cores, withRows,
                        m.totals().bytes(), m.totals().uncompressedBytes());
                System.out.printf(Locale.ROOT, "  %-72s %7.2f s %9.0f rows/s  prepare %.2f, segments %.2f, commit %.2f s;"
                                + " %.2f partitions at once; cores: daemons %.2f, PostgreSQL %.2f, RabbitMQ %.2f, machine %.2f;"
                                + " CPU a row: daemons %.2f µs, PostgreSQL %.2f µs; partitions by process %s%n", s.label(),
                        run.seconds(), facts.rows() / run.seconds(), run.prepare(), run.segments(), run.commit(),
                        run.concurrency(), cores.daemons(), cores.postgres(), cores.broker(), cores.machine(),
                        cores.microsPerRow(facts.rows())[0], cores.microsPerRow(facts.rows())[1],
                        run.partitionsByPid().values());
                return run;
            }
        }

        /** Waits until the backup's job execution ends; fails on any execution that did not complete, or a restart. */
        private long awaitJob(Setup s, List<PackagedDaemon> replicas, String catalog, long since, String when)
                throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                List<Object[]> executions = new ArrayList<>();
                try (Connection c = server.open(catalog); PreparedStatement q = c.prepareStatement(
                        "SELECT e.job_execution_id, e.status, e.end_time, e.exit_message FROM batch_job_execution e"
                                + " JOIN batch_job_instance i"
                                + " ON e.job_instance_id = i.job_instance_id WHERE i.job_name = ? AND e.job_execution_id > ?"
                                + " ORDER BY e.job_execution_id")) {
                    q.setString(1, JOB);
                    q.setLong(2, since);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            executions.add(new Object[] {r.getLong(1), r.getString(2), r.getTimestamp(3), r.getString(4)});
                        }
                    }
                }
                for (Object[] e : executions) {
                    String status = (String) e[1];
                    if (e[2] != null && !"COMPLETED".equals(status)) {
                        StringBuilder logs = new StringBuilder();
                        for (PackagedDaemon d : replicas) {
                            logs.append("\n--- ").append(d.log()).append(":\n").append(d.tail(30));
                        }
                        String exit = e[3] == null ? "" : ((String) e[3]).lines().findFirst().orElse("");
                        throw new IllegalStateException(s.key() + ", " + when + ": job execution " + e[0] + " ended "
                                + status + " (" + (exit.length() > 300 ? exit.substring(0, 300) + "…" : exit) + "); a"
                                + " measured backup must complete in one execution" + logs);
                    }
                }
                if (executions.size() > 1) {
                    throw new IllegalStateException(s.key() + ", " + when + ": " + executions.size()
                            + " job executions for one backup (a restart); not a clean measurement");
                }
                if (executions.size() == 1 && executions.get(0)[2] != null) {
                    return (Long) executions.get(0)[0];
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(s.key() + ", " + when + ": the backup did not end within 30 minutes");
        }

        /** Removes a measured backup: its manifest first, as retention would, then its objects. */
        private static void delete(BackupRepository repository, BackupRef ref) throws IOException {
            repository.store().delete(StoreLayout.manifestKey(ref));
            for (StoredObject o : repository.store().list(StoreLayout.backupPrefix(ref))) {
                repository.store().delete(o.key());
            }
        }
    }

    private static int segmentOf(String stepName) {
        return Integer.parseInt(stepName.substring(stepName.lastIndexOf("segment") + "segment".length()));
    }

    private static Instant instant(Timestamp t) {
        if (t == null) {
            throw new IllegalStateException("a step or partition of a completed backup has no time recorded");
        }
        return t.toInstant();
    }

    private static double seconds(Instant[] span) {
        if (span == null) {
            throw new IllegalStateException("a step of the backup job is missing from the catalog");
        }
        return Duration.between(span[0], span[1]).toNanos() / 1e9;
    }
}
