package dev.rehearsal.bench;

import dev.rehearsal.core.backup.BackupFailedException;
import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoredObject;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.store.s3.S3BackupStore;
import dev.rehearsal.core.store.s3.S3ClientFactory;
import dev.rehearsal.core.store.s3.S3StoreConfig;
import dev.rehearsal.core.store.s3.ServerSideEncryption;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Measures backups of a DynamoDB table against the read limit and against the aws CLI, and backs up
 * a table larger than the heap to show whether memory stays bounded. Run by bench/run-backup.sh in
 * a JVM with -Xmx128m, after the tables were loaded by {@link Loader}; see docs/BENCHMARKS.md.
 *
 * <p>Every timed run is checked: it must have read exactly the items of the table.
 */
public final class BackupBenchmark {

    static final String RAW_SCAN = "Raw parallel Scan (read limit)";
    static final String BACKUP_FS = "Rehearsal backup → filesystem";
    static final String BACKUP_S3 = "Rehearsal backup → S3Proxy";
    static final String AWS_CLI = "aws dynamodb scan > file.json";
    static final String BUCKET = "rehearsal-bench";

    /** One thing measured: a run that returns how many items it read, and what to tidy after it (not timed). */
    private record Subject(String name, boolean jvm, Run run, Tidy tidy) {
    }

    @FunctionalInterface
    private interface Run {
        long items() throws Exception;
    }

    @FunctionalInterface
    private interface Tidy {
        void after() throws Exception;
    }

    /** A store the backups write to, by the name the report gives it. */
    private record Target(String label, BackupStore store) {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("endpoint", "table", "big-table", "repeats", "segments", "big-segments",
                "s3-endpoint", "aws", "results", "dynamodb-pid", "s3-pid", "clock-ticks", "command"));
        DynamoEndpoint endpoint = new DynamoEndpoint(URI.create(flags.required("endpoint")));
        String table = flags.required("table");
        String bigTable = flags.string("big-table", "");
        String s3Endpoint = flags.string("s3-endpoint", "");
        int repeats = Math.max(1, flags.integer("repeats", 3));
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        Path aws = Path.of(flags.string("aws", "/usr/bin/aws"));
        Files.createDirectories(results);

        HeapWatch heap = new HeapWatch();
        CpuMeter cpu = new CpuMeter(flags.number("dynamodb-pid", 0), flags.number("s3-pid", 0),
                flags.integer("clock-ticks", 100));
        AwsCliScan cli = Files.isExecutable(aws) ? new AwsCliScan(aws, endpoint.uri()) : null;
        Report report = new Report().machine(Machine.describe(), cli != null ? cli.version() : "not found at " + aws,
                flags.string("command", "bench/run-backup.sh"), repeats);
        boolean ok = true;

        S3Client s3 = null;
        try (DynamoDbClient client = endpoint.client(); DynamoDbTableSource source = endpoint.source(client)) {
            List<Target> targets = new ArrayList<>();
            targets.add(new Target(BACKUP_FS, new FileSystemBackupStore(results.resolve("store-fs"))));
            if (!s3Endpoint.isBlank()) {
                S3StoreConfig config = new S3StoreConfig(BUCKET, "backups", Region.US_EAST_1, URI.create(s3Endpoint), true,
                        S3ProxyServer.CREDENTIALS, ServerSideEncryption.NONE, S3StoreConfig.DEFAULT_PART_SIZE);
                s3 = S3ClientFactory.create(config);
                s3.createBucket(r -> r.bucket(BUCKET));
                targets.add(new Target(BACKUP_S3, new S3BackupStore(s3, config)));
            } else {
                System.out.println("Skipping the S3 store: no --s3-endpoint");
            }

            TableDescription described = source.describe(table);
            int segments = flags.integer("segments", 0) > 0 ? flags.integer("segments", 0) : chosenSegments(source, described);
            RawScan raw = new RawScan(client);
            Report.Output[] output = new Report.Output[1];
            List<Subject> subjects = new ArrayList<>();
            subjects.add(new Subject(RAW_SCAN, true, () -> raw.run(table, segments), () -> { }));
            for (Target t : targets) {
                subjects.add(new Subject(t.label(), true, () -> {
                    BackupResult r = backup(source, table, t.store(), segments);
                    output[0] = new Report.Output(r.manifest().totals().uncompressedBytes(), r.manifest().totals().bytes());
                    return r.manifest().totals().items();
                }, () -> empty(t.store())));
            }
            if (cli != null) {
                Path cliOutput = results.resolve("aws-cli-scan.json");
                subjects.add(new Subject(AWS_CLI, false, () -> cli.run(table, cliOutput), () -> Files.deleteIfExists(cliOutput)));
            } else {
                System.out.println("Skipping the aws CLI: " + aws + " is not executable");
            }

            System.out.printf("Table %s: about %,d items, %,d bytes; %d segments; heap max %.0f MiB%n", table,
                    described.approximateItems(), described.approximateBytes(), segments,
                    Runtime.getRuntime().maxMemory() / Report.MIB);
            long expected = raw.run(table, segments);
            System.out.printf("Warm-up (not counted), %,d items:%n", expected);
            for (Subject s : subjects) {
                if (s.jvm()) {
                    time(s, expected, cpu, "warm-up");
                }
            }
            List<Series> series = subjects.stream().map(s -> new Series(s.name())).toList();
            for (int round = 1; round <= repeats; round++) {
                // Rounds interleave the measurements, so that a slow patch of a shared machine
                // spreads over all of them instead of landing on one.
                System.out.printf("Round %d of %d:%n", round, repeats);
                for (int i = 0; i < subjects.size(); i++) {
                    series.get(i).add(time(subjects.get(i), expected, cpu, "round " + round));
                }
            }

            Report.TableFacts facts = new Report.TableFacts(table, expected, source.describe(table).approximateBytes(), segments);
            report.throughput(facts, output[0], series, ratios(series));

            if (!bigTable.isBlank()) {
                List<Report.MemoryRun> runs = new ArrayList<>();
                for (Target t : targets) {
                    runs.add(boundedMemory(source, bigTable, flags.integer("big-segments", 0), t, heap));
                    ok &= runs.get(runs.size() - 1).failure() == null;
                }
                report.memory(runs);
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }

        String text = report.toString();
        Files.writeString(results.resolve("results.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + results.resolve("results.md"));
        if (!ok) {
            System.exit(1);
        }
    }

    /** Each backup against the raw scan (target at most 1.3×), and the aws CLI against each backup (target at least 3×). */
    private static List<Report.Ratio> ratios(List<Series> series) {
        double raw = median(series, RAW_SCAN);
        double cli = median(series, AWS_CLI);
        List<Report.Ratio> ratios = new ArrayList<>();
        for (String backup : List.of(BACKUP_FS, BACKUP_S3)) {
            double b = median(series, backup);
            if (!Double.isNaN(b)) {
                ratios.add(Report.ratio(backup + " / raw Scan", b / raw, 1.3, true));
            }
        }
        for (String backup : List.of(BACKUP_FS, BACKUP_S3)) {
            double b = median(series, backup);
            if (!Double.isNaN(b) && !Double.isNaN(cli)) {
                ratios.add(Report.ratio("aws CLI / " + backup, cli / b, 3.0, false));
            }
        }
        return ratios;
    }

    private static double median(List<Series> series, String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst().map(Series::medianSeconds).orElse(Double.NaN);
    }

    /** The segment count a backup picks for this table by itself, so that the raw scan reads the same way. */
    private static int chosenSegments(DynamoDbTableSource source, TableDescription described) {
        try (TableScan scan = source.openScan(described, ScanOptions.defaults())) {
            return scan.segments();
        }
    }

    private static BackupResult backup(DynamoDbTableSource source, String table, BackupStore store, int segments)
            throws BackupFailedException, InterruptedException {
        BackupRequest request = BackupRequest.of(source, table, store);
        if (segments > 0) {
            request = request.withScan(ScanOptions.defaults().withSegments(segments));
        }
        return new BackupRunner().run(request);
    }

    private static Series.Sample time(Subject s, long expected, CpuMeter cpu, String when) throws Exception {
        CpuMeter.Reading before = cpu.read();
        long items = s.run().items();
        CpuMeter.Reading after = cpu.read();
        s.tidy().after();
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        if (items != expected) {
            throw new IllegalStateException(s.name() + " read " + items + " items in " + when + "; the table has " + expected);
        }
        CpuMeter.Usage usage = CpuMeter.between(before, after);
        System.out.printf(Locale.ROOT, "  %-32s %7.2f s %9.0f items/s   cores: bench %.2f, DynamoDB Local %.2f,"
                        + " S3Proxy %.2f, machine %.2f%n",
                s.name(), seconds, items / seconds, usage.bench(), usage.dynamo(), usage.s3(), usage.machine());
        return new Series.Sample(seconds, items, usage);
    }

    /**
     * Backs up a table several times larger than the heap once, with the segments a backup picks
     * by itself unless {@code segments} is positive, and watches the heap meanwhile. An
     * OutOfMemoryError here is the failure this measurement exists to catch, so it is reported
     * rather than thrown.
     */
    private static Report.MemoryRun boundedMemory(DynamoDbTableSource source, String table, int segments,
            Target target, HeapWatch heap) throws Exception {
        TableDescription described = source.describe(table);
        int n = segments > 0 ? segments : chosenSegments(source, described);
        Report.TableFacts facts = new Report.TableFacts(table, described.approximateItems(), described.approximateBytes(), n);
        System.out.printf("Bounded memory, %s: table %s, %,d items, %.0f MiB, %d segments, heap max %.0f MiB%n",
                target.label(), table, facts.items(), facts.sizeBytes() / Report.MIB, n,
                Runtime.getRuntime().maxMemory() / Report.MIB);
        heap.reset();
        long start = System.nanoTime();
        try {
            BackupResult r = backup(source, table, target.store(), n);
            double seconds = (System.nanoTime() - start) / 1e9;
            HeapWatch.Snapshot snapshot = heap.snapshot();
            long items = r.manifest().totals().items();
            String failure = items == facts.items() ? null
                    : "backed up " + items + " items; DescribeTable reports " + facts.items();
            System.out.printf("  took %.1f s; peak heap after a collection %.1f MiB%n", seconds,
                    snapshot.maxAfterGc() / Report.MIB);
            if (target.store() instanceof S3BackupStore s3Store) {
                System.out.printf("  S3 part buffers: budget %.0f MiB, at most %.0f MiB held at once, %d waits for one%n",
                        s3Store.buffers().budgetBytes() / Report.MIB, s3Store.buffers().peakLeasedBytes() / Report.MIB,
                        s3Store.buffers().waits());
            }
            return new Report.MemoryRun(target.label(), target.store().name(), facts, seconds, snapshot,
                    new Report.Output(r.manifest().totals().uncompressedBytes(), r.manifest().totals().bytes()), failure);
        } catch (BackupFailedException | RuntimeException | OutOfMemoryError e) {
            HeapWatch.Snapshot snapshot = heap.snapshot();
            OutOfMemoryError oom = outOfMemory(e);
            String failure = oom != null ? "OutOfMemoryError: " + oom.getMessage() : e.toString();
            System.out.println("  FAILED: " + failure);
            return new Report.MemoryRun(target.label(), target.store().name(), facts, (System.nanoTime() - start) / 1e9,
                    snapshot, null, failure);
        } finally {
            empty(target.store());
        }
    }

    /** The OutOfMemoryError behind {@code e}, or null; the runner wraps what its segment threads throw. */
    private static OutOfMemoryError outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** Deletes every object of a store through the port, so that each run starts from an empty store. */
    private static void empty(BackupStore store) throws IOException {
        for (StoredObject o : store.list("")) {
            store.delete(o.key());
        }
    }
}
