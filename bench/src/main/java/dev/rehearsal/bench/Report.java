package dev.rehearsal.bench;

import dev.rehearsal.drill.restore.Phase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The results as Markdown: printed at the end of a run and written to the results folder, from
 * where they are copied into docs/BENCHMARKS.md by hand.
 */
final class Report {

    static final double MIB = 1024.0 * 1024.0;

    /** A table as measured: its items, DynamoDB's own size figure, and the segment count used. */
    record TableFacts(String name, long items, long sizeBytes, int segments) {
        double averageItemBytes() {
            return items == 0 ? 0 : (double) sizeBytes / items;
        }
    }

    /** What a backup wrote: uncompressed DynamoDB JSON lines, and the compressed objects stored. */
    record Output(long uncompressedBytes, long storedBytes) {
    }

    /** A ratio of two medians, held against its target. */
    record Ratio(String label, double value, String target, boolean met) {
    }

    /** One bounded-memory run: a backup of a table larger than the heap to one store. */
    record MemoryRun(String label, String store, TableFacts table, double seconds, HeapWatch.Snapshot heap,
            Output output, String failure) {
    }

    /** The backup a restore benchmark restores, and how it was restored. */
    record RestoreFacts(String table, long items, long jsonBytes, long storedBytes, int objects, double backupSeconds,
            int readers, int writers, long cliItems) {
    }

    private final StringBuilder out = new StringBuilder();

    Report machine(Machine m, String awsCli, String command, int repeats) {
        line("### Machine");
        line("");
        line("| | |");
        line("|---|---|");
        line("| CPUs (nproc) | " + m.processors() + " |");
        line("| CPU model | " + m.cpu() + " |");
        line("| Memory | " + m.memory() + " |");
        line("| Java | " + m.java() + " |");
        line("| OS | " + m.os() + " |");
        line("| aws CLI | " + awsCli + " |");
        line("");
        line("Command: `" + command + "`");
        line("");
        line("Each figure is the median of " + repeats + " timed runs, after one warm-up run of each JVM measurement.");
        line("");
        return this;
    }

    /** The first of {@code series} is the raw scan, which the others are compared with. */
    Report throughput(TableFacts table, Output backupOutput, List<Series> series, List<Ratio> ratios) {
        line("### Throughput: table `" + table.name() + "`");
        line("");
        line(String.format(Locale.ROOT, "%,d items, %.1f MiB by DynamoDB's size accounting (about %.0f bytes an item),"
                + " %d scan segments.", table.items(), table.sizeBytes() / MIB, table.averageItemBytes(), table.segments()));
        if (backupOutput != null) {
            line(String.format(Locale.ROOT, "A backup writes %.1f MiB of DynamoDB JSON lines, stored as %.1f MiB of zstd.",
                    backupOutput.uncompressedBytes() / MIB, backupOutput.storedBytes() / MIB));
        }
        line("");
        line("| Measurement | Median s | Min–max s | Items/s | MiB/s | × raw scan | Cores busy: bench JVM / DynamoDB Local / S3Proxy / machine |");
        line("|---|---:|---:|---:|---:|---:|---|");
        double raw = series.isEmpty() ? Double.NaN : series.get(0).medianSeconds();
        for (Series s : series) {
            if (s.isEmpty()) {
                continue;
            }
            double median = s.medianSeconds();
            CpuMeter.Usage cpu = s.medianCpu();
            line(String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %,.0f | %.1f | %.2f | %.2f / %.2f / %.2f / %.2f |",
                    s.name(), median, s.minSeconds(), s.maxSeconds(), table.items() / median,
                    table.sizeBytes() / MIB / median, median / raw, cpu.bench(), cpu.dynamo(), cpu.s3(), cpu.machine()));
        }
        line("");
        line("MiB/s divides DynamoDB's size of the table (DescribeTable's TableSizeBytes) by the time, whatever each tool writes.");
        line("");
        line("| Ratio of medians | Value | Target | |");
        line("|---|---:|---|---|");
        for (Ratio r : ratios) {
            line(String.format(Locale.ROOT, "| %s | %.2f× | %s | %s |", r.label(), r.value(), r.target(),
                    r.met() ? "met" : "**missed**"));
        }
        line("");
        return this;
    }

    /**
     * Restore figures: {@code series} holds the raw loader, the restore, the verification and the aws
     * CLI, by name; the CLI's series may cover fewer items than the backup, and its time is then also
     * shown extrapolated, linearly, to all of them.
     */
    Report restore(RestoreFacts f, Map<String, Series> series, Map<String, Series> phases, List<Ratio> ratios) {
        line("### Restore: table `" + f.table() + "`");
        line("");
        line(String.format(Locale.ROOT, "A backup of %,d items (%.1f MiB of DynamoDB JSON lines, stored as %.1f MiB of zstd"
                + " in %d data objects on the filesystem store, taken once in %.1f s) restored into a new table on a second"
                + " DynamoDB Local. The raw loader and the restore both use %d writer threads; the restore reads %d data"
                + " objects at a time.", f.items(), f.jsonBytes() / MIB, f.storedBytes() / MIB, f.objects(),
                f.backupSeconds(), f.writers(), f.readers()));
        line("");
        line("| Measurement | Items | Median s | Min–max s | Items/s | × raw loader | Cores busy: bench JVM / target DynamoDB Local / machine |");
        line("|---|---:|---:|---:|---:|---:|---|");
        Series rawSeries = series.get(RestoreBenchmark.RAW_LOAD);
        double rawPerItem = rawSeries.medianSeconds() / f.items();
        for (Series s : series.values()) {
            if (s.isEmpty()) {
                continue;
            }
            long items = s.samples().get(0).items();
            line(row(s.name(), items, s, rawPerItem * items));
            if (s.name().equals(RestoreBenchmark.RESTORE)) {
                for (Series p : phases.values()) {
                    if (p.isEmpty()) {
                        continue;
                    }
                    if (p.name().equals(Phase.DATA_LOAD.label())) {
                        line(row("&nbsp;&nbsp;phase " + p.name(), items, p, rawPerItem * items));
                    } else {
                        // Items per second of a phase that writes nothing would mean nothing.
                        line(String.format(Locale.ROOT, "| &nbsp;&nbsp;phase %s | | %.2f | %.2f–%.2f | | | |", p.name(),
                                p.medianSeconds(), p.minSeconds(), p.maxSeconds()));
                    }
                }
            }
            if (s.name().equals(RestoreBenchmark.AWS_CLI) && items < f.items()) {
                double all = s.medianSeconds() / items * f.items();
                line(String.format(Locale.ROOT, "| %s, extrapolated linearly to %,d items | %,d | *%.0f* | | *%,.0f* | *%.2f* | |",
                        s.name(), f.items(), f.items(), all, f.items() / all, all / rawSeries.medianSeconds()));
            }
        }
        line("");
        line("Phases are the restore's own timings (RestoreResult.phases()); the data-load row's cores repeat the whole restore's.");
        line("");
        line("| Ratio of medians | Value | Target | |");
        line("|---|---:|---|---|");
        for (Ratio r : ratios) {
            boolean target = r.target().startsWith("≤") || r.target().startsWith("≥");
            line(String.format(Locale.ROOT, "| %s | %.2f× | %s | %s |", r.label(), r.value(), r.target(),
                    !target ? "" : r.met() ? "met" : "**missed**"));
        }
        line("");
        return this;
    }

    private static String row(String name, long items, Series s, double rawSecondsForItems) {
        double median = s.medianSeconds();
        CpuMeter.Usage cpu = s.medianCpu();
        return String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f–%.2f | %,.0f | %.2f | %.2f / %.2f / %.2f |", name, items,
                median, s.minSeconds(), s.maxSeconds(), items / median, median / rawSecondsForItems, cpu.bench(),
                cpu.dynamo(), cpu.machine());
    }

    Report memory(List<MemoryRun> runs) {
        if (runs.isEmpty()) {
            return this;
        }
        TableFacts t = runs.get(0).table();
        long heapMax = runs.get(0).heap().heapMax();
        line("### Bounded memory: table `" + t.name() + "`");
        line("");
        line(String.format(Locale.ROOT, "%,d items, %.1f MiB (about %.0f bytes an item), %d segments, backed up in a heap"
                + " of %.1f MiB (-Xmx): the table is %.1f× the heap.", t.items(), t.sizeBytes() / MIB,
                t.averageItemBytes(), t.segments(), heapMax / MIB, t.sizeBytes() / (double) heapMax));
        line("");
        StringBuilder header = new StringBuilder("| |");
        StringBuilder rule = new StringBuilder("|---|");
        for (MemoryRun r : runs) {
            header.append(' ').append(r.label()).append(" |");
            rule.append("---:|");
        }
        line(header.toString());
        line(rule.toString());
        row(runs, "Store", r -> "`" + r.store() + "`");
        row(runs, "Outcome", r -> r.failure() != null ? "**FAILED: " + r.failure() + "**"
                : String.format(Locale.ROOT, "completed in %.1f s", r.seconds()));
        row(runs, "Items/s, MiB/s", r -> r.failure() != null ? "" : String.format(Locale.ROOT, "%,.0f, %.1f",
                r.table().items() / r.seconds(), r.table().sizeBytes() / MIB / r.seconds()));
        row(runs, "Written: JSON lines / stored, MiB", r -> r.output() == null ? "" : String.format(Locale.ROOT,
                "%.1f / %.1f", r.output().uncompressedBytes() / MIB, r.output().storedBytes() / MIB));
        row(runs, "Peak heap after a collection (live data), MiB", r -> mib(r.heap().maxAfterGc()));
        row(runs, "Peak heap before a collection, MiB", r -> mib(r.heap().maxBeforeGc()));
        row(runs, "Sum of the heap pools' own peaks (reached at different moments, so it can exceed -Xmx), MiB", r -> mib(r.heap().poolPeaks()));
        row(runs, "Collections", r -> Integer.toString(r.heap().collections()));
        line("");
        return this;
    }

    private void row(List<MemoryRun> runs, String label, Function<MemoryRun, String> cell) {
        StringBuilder b = new StringBuilder("| ").append(label).append(" |");
        for (MemoryRun r : runs) {
            b.append(' ').append(cell.apply(r)).append(" |");
        }
        line(b.toString());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    /** A ratio label, value and verdict; {@code atMost} says whether the target is an upper bound. */
    static Ratio ratio(String label, double value, double target, boolean atMost) {
        String digits = Math.round(target * 10) == target * 10 ? "%.1f×" : "%.2f×";
        String t = (atMost ? "≤ " : "≥ ") + String.format(Locale.ROOT, digits, target);
        boolean met = atMost ? value <= target : value >= target;
        return new Ratio(label, value, t, met);
    }
}
