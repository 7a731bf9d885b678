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
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Measures backups of a DynamoDB table against the read limit and against the aws CLI, and backs up
 * a table larger than the heap to show that memory stays bounded. Run by bench/run-backup.sh in a
 * JVM with -Xmx128m, after the tables were loaded by {@link Loader}; see docs/BENCHMARKS.md.
 *
 * <p>Every timed run is checked: it must have read exactly the items of the table.
 */
public final class BackupBenchmark {

    static final String RAW_SCAN = "Raw parallel Scan (read limit)";
    static final String BACKUP_FS = "Rehearsal backup → filesystem";
    static final String AWS_CLI = "aws dynamodb scan > file.json";

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

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("endpoint", "table", "big-table", "repeats", "segments", "aws",
                "big-segments", "results", "server-pid", "clock-ticks", "command"));
        DynamoEndpoint endpoint = new DynamoEndpoint(URI.create(flags.required("endpoint")));
        String table = flags.required("table");
        String bigTable = flags.string("big-table", "");
        int repeats = Math.max(1, flags.integer("repeats", 3));
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        Path aws = Path.of(flags.string("aws", "/usr/bin/aws"));
        String command = flags.string("command", "bench/run-backup.sh");
        Files.createDirectories(results);

        HeapWatch heap = new HeapWatch();
        CpuMeter cpu = new CpuMeter(flags.number("server-pid", 0), flags.integer("clock-ticks", 100));
        Report report = new Report().machine(Machine.describe(), command, repeats);
        boolean ok = true;

        try (DynamoDbClient client = endpoint.client(); DynamoDbTableSource source = endpoint.source(client)) {
            TableDescription described = source.describe(table);
            int segments = flags.integer("segments", 0) > 0 ? flags.integer("segments", 0) : chosenSegments(source, described);
            RawScan raw = new RawScan(client);
            BackupStore fs = new FileSystemBackupStore(results.resolve("store-fs"));
            Report.Output[] output = new Report.Output[1];
            AwsCliScan cli = new AwsCliScan(aws, endpoint.uri());
            Path cliOutput = results.resolve("aws-cli-scan.json");

            List<Subject> subjects = new ArrayList<>();
            subjects.add(new Subject(RAW_SCAN, true, () -> raw.run(table, segments), () -> { }));
            subjects.add(new Subject(BACKUP_FS, true, () -> {
                BackupResult r = backup(source, table, fs, segments);
                output[0] = new Report.Output(r.manifest().totals().uncompressedBytes(), r.manifest().totals().bytes());
                return r.manifest().totals().items();
            }, () -> empty(fs)));
            if (Files.isExecutable(aws)) {
                subjects.add(new Subject(AWS_CLI, false, () -> cli.run(table, cliOutput),
                        () -> Files.deleteIfExists(cliOutput)));
            } else {
                System.out.println("Skipping the aws CLI: " + aws + " is not executable");
            }

            System.out.printf("Table %s: %,d items, %,d bytes; %d segments; heap max %.0f MiB%n", table,
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
            List<Report.Ratio> ratios = new ArrayList<>();
            double rawMedian = series.get(0).medianSeconds();
            double fsMedian = series.get(1).medianSeconds();
            ratios.add(Report.ratio("backup → filesystem / raw Scan", fsMedian / rawMedian, 1.3, true));
            if (series.size() > 2) {
                ratios.add(Report.ratio("aws CLI / backup → filesystem", series.get(2).medianSeconds() / fsMedian, 3.0, false));
            }
            report.throughput(facts, output[0], series, ratios);

            if (!bigTable.isBlank()) {
                Report.MemoryRun memory = boundedMemory(source, bigTable, flags.integer("big-segments", 0), results, heap);
                report.memory(memory);
                ok = memory.failure() == null;
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
        System.out.printf(Locale.ROOT, "  %-34s %7.2f s  %,10.0f items/s   cores: bench %.2f, DynamoDB Local %.2f, machine %.2f%n",
                s.name(), seconds, items / seconds, usage.bench(), usage.server(), usage.machine());
        return new Series.Sample(seconds, items, usage);
    }

    /**
     * Backs up a table several times larger than the heap once, with the segments a backup picks
     * by itself unless {@code segments} is positive, and watches the heap meanwhile. An OutOfMemoryError here is the failure this
     * measurement exists to catch, so it is reported rather than thrown.
     */
    private static Report.MemoryRun boundedMemory(DynamoDbTableSource source, String table, int segmentsFlag,
            Path results, HeapWatch heap) throws Exception {
        TableDescription described = source.describe(table);
        int segments = segmentsFlag > 0 ? segmentsFlag : chosenSegments(source, described);
        BackupStore store = new FileSystemBackupStore(results.resolve("store-fs-big"));
        Report.TableFacts facts = new Report.TableFacts(table, described.approximateItems(), described.approximateBytes(), segments);
        System.out.printf("Bounded memory: table %s, %,d items, %.0f MiB, %d segments, heap max %.0f MiB%n", table,
                facts.items(), facts.sizeBytes() / Report.MIB, segments, Runtime.getRuntime().maxMemory() / Report.MIB);
        heap.reset();
        long start = System.nanoTime();
        try {
            BackupResult r = backup(source, table, store, segments);
            double seconds = (System.nanoTime() - start) / 1e9;
            HeapWatch.Snapshot snapshot = heap.snapshot();
            long items = r.manifest().totals().items();
            String failure = items == facts.items() ? null
                    : "backed up " + items + " items; DescribeTable reports " + facts.items();
            System.out.printf("  backup took %.1f s; peak heap after GC %.1f MiB%n", seconds, snapshot.maxAfterGc() / Report.MIB);
            return new Report.MemoryRun(facts, store.name(), seconds, snapshot,
                    new Report.Output(r.manifest().totals().uncompressedBytes(), r.manifest().totals().bytes()), failure);
        } catch (BackupFailedException | RuntimeException | OutOfMemoryError e) {
            HeapWatch.Snapshot snapshot = heap.snapshot();
            String failure = hasOutOfMemory(e) ? "OutOfMemoryError: " + e.getMessage() : e.toString();
            System.out.println("  backup FAILED: " + failure);
            return new Report.MemoryRun(facts, store.name(), (System.nanoTime() - start) / 1e9, snapshot, null, failure);
        } finally {
            empty(store);
        }
    }

    private static boolean hasOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Deletes every object of a store through the port, so that each run starts from an empty store. */
    private static void empty(BackupStore store) throws IOException {
        for (StoredObject o : store.list("")) {
            store.delete(o.key());
        }
    }
}
