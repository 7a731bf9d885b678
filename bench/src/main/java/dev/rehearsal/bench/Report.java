package dev.rehearsal.bench;

import java.util.List;
import java.util.Locale;
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
        String t = (atMost ? "≤ " : "≥ ") + String.format(Locale.ROOT, "%.1f×", target);
        boolean met = atMost ? value <= target : value >= target;
        return new Ratio(label, value, t, met);
    }
}
