package dev.rehearsal.bench;

import java.util.List;
import java.util.Locale;

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

    /** The bounded-memory run: one backup of a table larger than the heap. */
    record MemoryRun(TableFacts table, String store, double seconds, HeapWatch.Snapshot heap, Output output,
            String failure) {
    }

    private final StringBuilder out = new StringBuilder();

    Report machine(Machine m, String command, int repeats) {
        line("### Machine");
        line("");
        line("| | |");
        line("|---|---|");
        line("| CPUs (nproc) | " + m.processors() + " |");
        line("| CPU model | " + m.cpu() + " |");
        line("| Memory | " + m.memory() + " |");
        line("| Java | " + m.java() + " |");
        line("| OS | " + m.os() + " |");
        line("");
        line("Command: `" + command + "`");
        line("");
        line("Each figure is the median of " + repeats + " timed runs, after one warm-up run of each JVM measurement.");
        line("");
        return this;
    }

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
        line("| Measurement | Median s | Min–max s | Items/s | MiB/s | × raw scan | CPU cores busy: bench JVM / DynamoDB Local / whole machine |");
        line("|---|---:|---:|---:|---:|---:|---|");
        double raw = series.isEmpty() ? Double.NaN : series.get(0).medianSeconds();
        for (Series s : series) {
            if (s.isEmpty()) {
                continue;
            }
            double median = s.medianSeconds();
            CpuMeter.Usage cpu = s.medianCpu();
            line(String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %,.0f | %.1f | %.2f | %.2f / %.2f / %.2f |",
                    s.name(), median, s.minSeconds(), s.maxSeconds(), table.items() / median,
                    table.sizeBytes() / MIB / median, median / raw, cpu.bench(), cpu.server(), cpu.machine()));
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

    Report memory(MemoryRun run) {
        line("### Bounded memory: table `" + run.table().name() + "`");
        line("");
        HeapWatch.Snapshot h = run.heap();
        line("| | |");
        line("|---|---|");
        line(String.format(Locale.ROOT, "| Table | %,d items, %.1f MiB (about %.0f bytes an item), %d segments |",
                run.table().items(), run.table().sizeBytes() / MIB, run.table().averageItemBytes(), run.table().segments()));
        line(String.format(Locale.ROOT, "| Heap (-Xmx) | %.1f MiB: the table is %.1f× the heap |",
                h.heapMax() / MIB, run.table().sizeBytes() / (double) h.heapMax()));
        line("| Store | " + run.store() + " |");
        if (run.failure() != null) {
            line("| Outcome | **FAILED: " + run.failure() + "** |");
        } else {
            line(String.format(Locale.ROOT, "| Outcome | completed in %.1f s (%,.0f items/s, %.1f MiB/s) |",
                    run.seconds(), run.table().items() / run.seconds(), run.table().sizeBytes() / MIB / run.seconds()));
            line(String.format(Locale.ROOT, "| Written | %.1f MiB of JSON lines, %.1f MiB stored |",
                    run.output().uncompressedBytes() / MIB, run.output().storedBytes() / MIB));
        }
        line(String.format(Locale.ROOT, "| Peak heap after a collection (live data) | %.1f MiB |", h.maxAfterGc() / MIB));
        line(String.format(Locale.ROOT, "| Peak heap before a collection | %.1f MiB |", h.maxBeforeGc() / MIB));
        line(String.format(Locale.ROOT, "| Sum of heap pools' peak usage (upper bound) | %.1f MiB |", h.poolPeaks() / MIB));
        line(String.format(Locale.ROOT, "| Collections during the backup | %d |", h.collections()));
        line("");
        return this;
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
