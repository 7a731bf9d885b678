package dev.rehearsal.bench;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.Checks;
import dev.rehearsal.drill.verify.VerificationContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A restore of a table several times larger than this JVM's heap (run with {@code -Xmx128m} by
 * bench/run-restore.sh), with {@link RestoreRunner}'s defaults, then the standard verification of
 * the restored table, each with the heap watched: whether the restore's memory is bounded, and
 * what the backup, the restore and the verification cost this JVM in CPU per GiB of JSON lines.
 * The backup it restores is taken first, in the same JVM, to the filesystem store.
 */
public final class RestoreMemoryBenchmark {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("source-endpoint", "target-endpoint", "table", "results", "target-pid",
                "clock-ticks", "readers", "writers"));
        DynamoEndpoint sourceEndpoint = new DynamoEndpoint(URI.create(flags.required("source-endpoint")));
        DynamoEndpoint targetEndpoint = new DynamoEndpoint(URI.create(flags.required("target-endpoint")));
        String table = flags.required("table");
        int readers = Math.max(1, flags.integer("readers", 4));
        int writers = Math.max(1, flags.integer("writers", 16));
        Path results = Path.of(flags.required("results")).toAbsolutePath();
        Files.createDirectories(results);
        HeapWatch heap = new HeapWatch();
        CpuMeter cpu = new CpuMeter(flags.number("target-pid", 0), 0, flags.integer("clock-ticks", 100));
        double heapMax = Runtime.getRuntime().maxMemory();

        FileSystemBackupStore store = new FileSystemBackupStore(results.resolve("store-memory"));
        BackupRepository repository = new BackupRepository(store);
        StringBuilder out = new StringBuilder();
        BackupRef ref;
        long tableBytes;
        try (DynamoDbClient client = sourceEndpoint.client(); DynamoDbTableSource source = sourceEndpoint.source(client)) {
            TableDescription described = source.describe(table);
            tableBytes = described.approximateBytes();
            heap.reset();
            CpuMeter.Reading before = cpu.read();
            BackupResult backup = new BackupRunner().run(BackupRequest.of(source, table, store));
            CpuMeter.Reading after = cpu.read();
            ref = backup.ref();
            Manifest m = backup.manifest();
            out.append(row("Backup → filesystem (the restore's input)", before, after, heap.snapshot(),
                    m.totals().items(), m.totals().uncompressedBytes()));
        }
        Manifest manifest = repository.manifest(ref);
        long items = manifest.totals().items();
        long json = manifest.totals().uncompressedBytes();
        String header = String.format(Locale.ROOT, "Table `%s`: %,d items, %.1f MiB by DynamoDB's size accounting, %.2f× the"
                        + " heap of %.0f MiB (-Xmx); %.1f MiB of JSON lines, stored as %.1f MiB in %d data objects. Restore:"
                        + " RestoreRunner with %d readers and %d writers into a new table on the target DynamoDB Local,"
                        + " then Checks.standard().%n%n", table, items, tableBytes / Report.MIB, tableBytes / heapMax,
                heapMax / Report.MIB, json / Report.MIB, manifest.totals().bytes() / Report.MIB, manifest.objects().size(),
                readers, writers);

        try (DynamoDbClient target = targetEndpoint.client();
                DynamoDbTableSink sink = new DynamoDbTableSink(target,
                        DynamoDbTableSource.info("bench-target", targetEndpoint.uri(), DynamoDbLocal.REGION),
                        new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, Set.of(table), new InMemorySandboxLedger()),
                        Backoff.DEFAULT)) {
            String name = "bench-restore-memory";
            heap.reset();
            CpuMeter.Reading before = cpu.read();
            String failure = null;
            RestoreResult restored = null;
            try {
                restored = new RestoreRunner().run(RestoreRequest.of(repository, ref, sink, name)
                        .withConcurrency(readers, writers));
            } catch (Exception | OutOfMemoryError e) {
                failure = e.toString();
            }
            CpuMeter.Reading after = cpu.read();
            HeapWatch.Snapshot restoreHeap = heap.snapshot();
            if (failure == null && restored.items() != items) {
                failure = "restored " + restored.items() + " items; the backup has " + items;
            }
            out.append(row("Restore, all phases" + (failure == null ? "" : " (**FAILED: " + failure + "**)"), before, after,
                    restoreHeap, failure == null ? items : 0, json));

            if (failure == null) {
                heap.reset();
                before = cpu.read();
                List<CheckResult> checks = Checks.run(new VerificationContext(repository, ref, restored.manifest(), sink,
                        name, restored.samples()), List.of());
                after = cpu.read();
                List<String> failed = checks.stream().filter(c -> !c.passed()).map(c -> c.check() + ": " + c.evidence()).toList();
                out.append(row("Verification, Checks.standard()" + (failed.isEmpty() ? "" : " (**FAILED: " + failed + "**)"),
                        before, after, heap.snapshot(), items, json));
                target.deleteTable(r -> r.tableName(name));
            }
        }

        String text = "### Bounded memory: restore of table `" + table + "`\n\n" + header
                + "| Run | Outcome, s | Items/s | Peak heap after a collection, MiB | Peak before a collection, MiB"
                + " | Heap pools' peaks summed, MiB | Collections | Cores busy: bench JVM / target DynamoDB Local / machine"
                + " | Bench JVM CPU s per GiB of JSON lines |\n|---|---:|---:|---:|---:|---:|---:|---|---:|\n" + out + "\n";
        Files.writeString(results.resolve("results-memory.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
    }

    private static String row(String label, CpuMeter.Reading before, CpuMeter.Reading after, HeapWatch.Snapshot heap,
            long items, long jsonBytes) {
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        CpuMeter.Usage usage = CpuMeter.between(before, after);
        double cpuSeconds = after.benchSeconds() - before.benchSeconds();
        String line = String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.1f | %.1f | %d | %.2f / %.2f / %.2f | %.1f |%n",
                label, seconds, items / seconds, heap.maxAfterGc() / Report.MIB, heap.maxBeforeGc() / Report.MIB,
                heap.poolPeaks() / Report.MIB, heap.collections(), usage.bench(), usage.dynamo(), usage.machine(),
                cpuSeconds / (jsonBytes / GIB));
        System.out.print(line);
        return line;
    }
}
