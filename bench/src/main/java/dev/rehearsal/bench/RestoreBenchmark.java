package dev.rehearsal.bench;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measures a restore of a backup into a new table against the write limit of the target (a raw
 * parallel BatchWriteItem loader of the same items) and against {@code aws dynamodb batch-write-item},
 * and times the standard verification of the restored table on its own. Run by bench/run-restore.sh
 * after {@link Loader} filled the source table; the target is a second DynamoDB Local in a JVM of
 * its own, so that the source never competes with the writes measured. See docs/BENCHMARKS.md.
 *
 * <p>Every timed run writes into a table created for it and deleted after it (neither timed), and
 * every run is checked: the table must hold exactly the items written, and verification must pass.
 */
public final class RestoreBenchmark {

    static final String RAW_LOAD = "Raw parallel BatchWriteItem (write limit)";
    static final String RESTORE = "Rehearsal restore (all phases)";
    static final String VERIFY = "Verification, Checks.standard()";
    static final String AWS_CLI = "aws dynamodb batch-write-item";

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("source-endpoint", "target-endpoint", "table", "repeats", "readers",
                "writers", "cli-items", "aws", "results", "target-pid", "clock-ticks", "command"));
        DynamoEndpoint sourceEndpoint = new DynamoEndpoint(URI.create(flags.required("source-endpoint")));
        DynamoEndpoint targetEndpoint = new DynamoEndpoint(URI.create(flags.required("target-endpoint")));
        String table = flags.required("table");
        int repeats = Math.max(1, flags.integer("repeats", 3));
        int readers = Math.max(1, flags.integer("readers", 4));
        int writers = Math.max(1, flags.integer("writers", 16));
        int cliItems = flags.integer("cli-items", 2_000);
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        Path aws = Path.of(flags.string("aws", "/usr/bin/aws"));
        Files.createDirectories(results);

        CpuMeter cpu = new CpuMeter(flags.number("target-pid", 0), 0, flags.integer("clock-ticks", 100));
        AwsCliBatchWrite cli = Files.isExecutable(aws) && cliItems > 0 ? new AwsCliBatchWrite(aws, targetEndpoint.uri()) : null;
        String cliVersion = Files.isExecutable(aws) ? new AwsCliScan(aws, targetEndpoint.uri()).version() : "not found at " + aws;
        Report report = new Report().machine(Machine.describe(), cliVersion, flags.string("command", "bench/run-restore.sh"),
                repeats);

        FileSystemBackupStore store = new FileSystemBackupStore(results.resolve("store-fs"));
        BackupRepository repository = new BackupRepository(store);
        BackupRef ref;
        double backupSeconds;
        try (DynamoDbClient client = sourceEndpoint.client(); DynamoDbTableSource source = sourceEndpoint.source(client)) {
            System.out.printf("Backing up %s from the source DynamoDB Local to %s (once, not compared)%n", table, store.name());
            BackupResult backup = new BackupRunner().run(BackupRequest.of(source, table, store));
            ref = backup.ref();
            backupSeconds = backup.duration().toNanos() / 1e9;
        }
        Manifest manifest = repository.manifest(ref);
        long expected = manifest.totals().items();
        System.out.printf(Locale.ROOT, "Backup %s: %,d items, %d data objects, %.1f MiB of JSON lines stored as %.1f MiB,"
                        + " in %.1f s%n", ref, expected, manifest.objects().size(),
                manifest.totals().uncompressedBytes() / Report.MIB, manifest.totals().bytes() / Report.MIB, backupSeconds);

        // The raw loader and the CLI get the backup's own items, read and decoded before any clock starts.
        List<byte[]> lines = readLines(repository, ref, manifest);
        List<WriteRequest> requests = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(DynamoDbJson.parseItemLine(line)).build())
                    .build());
        }
        List<byte[]> cliLines = lines.subList(0, (int) Math.min(lines.size(), cliItems));

        try (DynamoDbClient target = targetEndpoint.client();
                DynamoDbTableSink sink = new DynamoDbTableSink(target,
                        DynamoDbTableSource.info("bench-target", targetEndpoint.uri(), DynamoDbLocal.REGION),
                        new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, Set.of(table), new InMemorySandboxLedger()),
                        Backoff.DEFAULT)) {
            RawLoad raw = new RawLoad(target, requests);
            Runs runs = new Runs(target, cpu, expected);

            System.out.printf("Target: %s; %d writer threads for the raw loader and the restore, %d readers for the"
                    + " restore; heap max %.0f MiB%n", targetEndpoint.uri(), writers, readers,
                    Runtime.getRuntime().maxMemory() / Report.MIB);
            System.out.println("Warm-up (not counted):");
            runs.raw(raw, writers, "warm-up");
            runs.restoreAndVerify(repository, ref, sink, readers, writers, "warm-up");
            if (cli != null) {
                runs.cli(cli, cliLines.subList(0, Math.min(cliLines.size(), 2 * RawLoad.BATCH)), results, "warm-up");
            }
            runs.reset();
            for (int round = 1; round <= repeats; round++) {
                // Rounds interleave the measurements, so that a slow patch of a shared machine
                // spreads over all of them instead of landing on one.
                System.out.printf("Round %d of %d:%n", round, repeats);
                runs.raw(raw, writers, "round " + round);
                runs.restoreAndVerify(repository, ref, sink, readers, writers, "round " + round);
                if (cli != null) {
                    runs.cli(cli, cliLines, results, "round " + round);
                }
            }

            Report.RestoreFacts facts = new Report.RestoreFacts(table, expected, manifest.totals().uncompressedBytes(),
                    manifest.totals().bytes(), manifest.objects().size(), backupSeconds, readers, writers,
                    cli != null ? cliLines.size() : 0);
            report.restore(facts, runs.series, runs.phases, ratios(runs));
        }

        String text = report.toString();
        Files.writeString(results.resolve("results.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + results.resolve("results.md"));
    }

    /** Restore against the raw loader (target at most 1.25×), verification against the data load (at most 0.40×). */
    private static List<Report.Ratio> ratios(Runs runs) {
        double raw = runs.series.get(RAW_LOAD).medianSeconds();
        double restore = runs.series.get(RESTORE).medianSeconds();
        double load = runs.phases.get(Phase.DATA_LOAD.label()).medianSeconds();
        double verify = runs.series.get(VERIFY).medianSeconds();
        List<Report.Ratio> ratios = new ArrayList<>();
        ratios.add(Report.ratio("Restore, all phases / raw loader", restore / raw, 1.25, true));
        ratios.add(Report.ratio("Restore, data-load phase only / raw loader", load / raw, 1.25, true));
        ratios.add(Report.ratio("Verification / data-load phase", verify / load, 0.40, true));
        Series cli = runs.series.get(AWS_CLI);
        if (cli != null && !cli.isEmpty()) {
            double cliPerItem = cli.medianSeconds() / cli.samples().get(0).items();
            double cliAll = cliPerItem * runs.expected;
            ratios.add(new Report.Ratio("aws CLI, extrapolated to " + String.format(Locale.ROOT, "%,d", runs.expected)
                    + " items / restore (all phases)", cliAll / restore, "none (peer)", true));
        }
        return ratios;
    }

    /** Every line of the backup, in manifest order; about 60 MiB for 200,000 items of 200 bytes. */
    private static List<byte[]> readLines(BackupRepository repository, BackupRef ref, Manifest manifest) throws IOException {
        List<byte[]> lines = new ArrayList<>((int) manifest.totals().items());
        for (Manifest.DataObject o : manifest.objects()) {
            try (DataObjectReader reader = repository.read(ref, manifest, o)) {
                byte[] line;
                while ((line = reader.next()) != null) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** The timed runs, by measurement, and the restore's phases, by label. */
    private static final class Runs {
        private final DynamoDbClient target;
        private final CpuMeter cpu;
        private final long expected;
        private final Map<String, Series> series = new LinkedHashMap<>();
        private final Map<String, Series> phases = new LinkedHashMap<>();
        private int tables;

        Runs(DynamoDbClient target, CpuMeter cpu, long expected) {
            this.target = target;
            this.cpu = cpu;
            this.expected = expected;
            reset();
        }

        /** Forgets the warm-up. */
        void reset() {
            series.clear();
            phases.clear();
            for (String name : List.of(RAW_LOAD, RESTORE, VERIFY, AWS_CLI)) {
                series.put(name, new Series(name));
            }
            for (Phase p : List.of(Phase.INTEGRITY_CHECK, Phase.TABLE_CREATE, Phase.DATA_LOAD, Phase.INDEX_BUILD)) {
                phases.put(p.label(), new Series(p.label()));
            }
        }

        private String freshTable(String stem) {
            return String.format(Locale.ROOT, "bench-%s-%03d", stem, ++tables);
        }

        void raw(RawLoad raw, int threads, String when) throws Exception {
            String name = freshTable("raw");
            TestTables.createSimple(target, name);
            CpuMeter.Reading before = cpu.read();
            long written = raw.run(name, threads);
            CpuMeter.Reading after = cpu.read();
            check(RAW_LOAD, when, name, written, count(name), expected);
            record(series.get(RAW_LOAD), before, after, written);
            drop(name);
        }

        void restoreAndVerify(BackupRepository repository, BackupRef ref, DynamoDbTableSink sink, int readers, int writers,
                String when) throws Exception {
            String name = freshTable("restore");
            RestoreRequest request = RestoreRequest.of(repository, ref, sink, name).withConcurrency(readers, writers);
            CpuMeter.Reading before = cpu.read();
            RestoreResult restored = new RestoreRunner().run(request);
            CpuMeter.Reading after = cpu.read();
            if (restored.items() != expected) {
                throw new IllegalStateException(RESTORE + " wrote " + restored.items() + " items in " + when
                        + "; the backup has " + expected);
            }
            Series.Sample sample = record(series.get(RESTORE), before, after, restored.items());
            StringBuilder phaseText = new StringBuilder();
            for (var e : restored.phases().entrySet()) {
                Series s = phases.get(e.getKey().label());
                if (s != null) {
                    s.add(new Series.Sample(e.getValue().toNanos() / 1e9, restored.items(), sample.cpu()));
                    phaseText.append(String.format(Locale.ROOT, " %s %.2f s;", e.getKey().label(),
                            e.getValue().toNanos() / 1e9));
                }
            }
            System.out.println("    phases:" + phaseText);

            VerificationContext context = new VerificationContext(repository, ref, restored.manifest(), sink, name,
                    restored.samples());
            before = cpu.read();
            List<CheckResult> checks = Checks.run(context, List.of());
            after = cpu.read();
            for (CheckResult c : checks) {
                if (!c.passed()) {
                    throw new IllegalStateException("verification of '" + name + "' in " + when + " failed: " + c.check()
                            + ": " + c.evidence() + " " + c.details());
                }
            }
            record(series.get(VERIFY), before, after, expected);
            System.out.println("    checks passed: " + checks.stream().map(CheckResult::check).toList());
            drop(name);
        }

        void cli(AwsCliBatchWrite cli, List<byte[]> cliLines, Path results, String when) throws Exception {
            String name = freshTable("cli");
            TestTables.createSimple(target, name);
            Path dir = results.resolve("cli-requests");
            deleteTree(dir);
            List<Path> files = cli.prepare(name, cliLines, dir);
            CpuMeter.Reading before = cpu.read();
            int calls = cli.run(files);
            CpuMeter.Reading after = cpu.read();
            check(AWS_CLI, when, name, cliLines.size(), count(name), cliLines.size());
            if (!when.equals("warm-up")) {
                record(series.get(AWS_CLI), before, after, cliLines.size());
            } else {
                report(AWS_CLI, before, after, cliLines.size());
            }
            System.out.printf("    %d CLI invocations for %d request files; e.g. %s%n", calls, files.size(),
                    cli.command(files.get(0)));
            drop(name);
        }

        private Series.Sample record(Series s, CpuMeter.Reading before, CpuMeter.Reading after, long items) {
            Series.Sample sample = report(s.name(), before, after, items);
            s.add(sample);
            return sample;
        }

        private static Series.Sample report(String name, CpuMeter.Reading before, CpuMeter.Reading after, long items) {
            double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
            CpuMeter.Usage usage = CpuMeter.between(before, after);
            System.out.printf(Locale.ROOT, "  %-42s %8.2f s %8.0f items/s   cores: bench %.2f, target DynamoDB Local %.2f,"
                    + " machine %.2f%n", name, seconds, items / seconds, usage.bench(), usage.dynamo(), usage.machine());
            return new Series.Sample(seconds, items, usage);
        }

        private static void check(String what, String when, String table, long written, long counted, long expected) {
            if (written != expected || counted != expected) {
                throw new IllegalStateException(what + " in " + when + ": wrote " + written + " items, table '" + table
                        + "' holds " + counted + "; expected " + expected);
            }
        }

        /** Items in {@code table} by a consistent Scan with Select=COUNT, not timed. */
        private long count(String table) {
            long n = 0;
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
            do {
                var startKey = start;
                var page = target.scan(r -> r.tableName(table).select(Select.COUNT).consistentRead(true)
                        .exclusiveStartKey(startKey));
                n += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return n;
        }

        /** Deletes a table this benchmark created and waits until it is gone, so the next run starts on an empty server. */
        private void drop(String table) throws InterruptedException {
            try {
                target.deleteTable(r -> r.tableName(table));
            } catch (ResourceNotFoundException gone) {
                return;
            }
            while (true) {
                try {
                    target.describeTable(r -> r.tableName(table));
                } catch (ResourceNotFoundException gone) {
                    return;
                }
                Thread.sleep(100);
            }
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
