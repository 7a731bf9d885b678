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

    /**
     * The PostgreSQL table measured and what each tool made of it: heap and total sizes, the average
     * row as {@code pg_column_size} counts it, and output bytes by measurement name.
     */
    record PostgresFacts(String table, long rows, long heapBytes, long totalBytes, double rowDataBytes,
            long backupJsonBytes, long backupStoredBytes, int backupObjects, long customDumpBytes,
            Map<String, Long> outputBytes) {
    }

    private final StringBuilder out = new StringBuilder();

    Report machine(Machine m, String awsCli, String command, int repeats) {
        return machine(m, "aws CLI", awsCli, command, repeats);
    }

    /** The machine, the peer tool's version under {@code toolLabel}, the command and the repeat count. */
    Report machine(Machine m, String toolLabel, String tool, String command, int repeats) {
        line("### Machine");
        line("");
        line("| | |");
        line("|---|---|");
        line("| CPUs (nproc) | " + m.processors() + " |");
        line("| CPU model | " + m.cpu() + " |");
        line("| Memory | " + m.memory() + " |");
        line("| Java | " + m.java() + " |");
        line("| OS | " + m.os() + " |");
        line("| " + toolLabel + " | " + tool + " |");
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

    /**
     * Rehearsal against pg_dump and pg_restore: {@code backups} and {@code restores} each start with
     * Rehearsal's series and end with the peer it is held against; {@code heaps} holds the heap peaks
     * of Rehearsal's runs, by the name of their series.
     */
    Report postgres(PostgresFacts f, Map<String, Series> backups, Map<String, Series> restores,
            Map<String, Series> phases, Map<String, List<HeapWatch.Snapshot>> heaps) {
        line("### PostgreSQL: table `" + f.table() + "`");
        line("");
        line(String.format(Locale.ROOT, "%,d rows; %.1f MiB of table heap (%.0f bytes a row on disk, %.0f bytes of row data"
                + " by pg_column_size), %.1f MiB with its primary key and one secondary index. A Rehearsal backup writes"
                + " %.1f MiB of JSON lines, stored as %.1f MiB of zstd in %d data objects; `pg_dump -Fc` writes %.1f MiB.",
                f.rows(), f.heapBytes() / MIB, (double) f.heapBytes() / f.rows(), f.rowDataBytes(), f.totalBytes() / MIB,
                f.backupJsonBytes() / MIB, f.backupStoredBytes() / MIB, f.backupObjects(), f.customDumpBytes() / MIB));
        line("");
        line("| Backup | Median s | Min–max s | Rows/s | MiB/s of table heap | Output MiB | Cores busy: bench JVM / machine |");
        line("|---|---:|---:|---:|---:|---:|---|");
        for (Series s : backups.values()) {
            Long bytes = f.outputBytes().get(s.name());
            line(pgRow(s, f) + (bytes == null ? "" : String.format(Locale.ROOT, "%.1f", bytes / MIB)) + " | "
                    + cores(s) + " |");
        }
        line("");
        line("| Restore | Median s | Min–max s | Rows/s | MiB/s of table heap | Cores busy: bench JVM / machine |");
        line("|---|---:|---:|---:|---:|---|");
        for (Series s : restores.values()) {
            line(pgRow(s, f) + cores(s) + " |");
            if (s == restores.values().iterator().next()) {
                for (Series p : phases.values()) {
                    if (!p.isEmpty()) {
                        line(String.format(Locale.ROOT, "| &nbsp;&nbsp;phase %s | %.2f | %.2f–%.2f | | | |", p.name(),
                                p.medianSeconds(), p.minSeconds(), p.maxSeconds()));
                    }
                }
            }
        }
        line("");
        line("MiB/s divides the table's heap size (pg_relation_size) by the time, whatever each tool reads or writes."
                + " Cores are averages over the run: the bench JVM's own, and the whole machine's (the PostgreSQL server,"
                + " pg_dump or pg_restore, and anything else running).");
        line("");
        List<Series> b = List.copyOf(backups.values());
        List<Series> r = List.copyOf(restores.values());
        line("| Ratio of medians | Value | Target | |");
        line("|---|---:|---|---|");
        for (int i = 1; i < b.size(); i++) {
            Ratio ratio = ratio("Rehearsal backup / " + b.get(i).name(), b.get(0).medianSeconds() / b.get(i).medianSeconds(),
                    1.0, true);
            line(String.format(Locale.ROOT, "| %s | %.2f× | %s | %s |", ratio.label(), ratio.value(), "< 1.0× (faster)",
                    ratio.value() < 1.0 ? "met" : "**missed**"));
        }
        Series peer = r.get(r.size() - 1);
        double restoreRatio = r.get(0).medianSeconds() / peer.medianSeconds();
        line(String.format(Locale.ROOT, "| Rehearsal restore (all phases) / %s | %.2f× | < 1.0× (faster) | %s |",
                peer.name(), restoreRatio, restoreRatio < 1.0 ? "met" : "**missed**"));
        Series load = phases.get(Phase.DATA_LOAD.label());
        if (load != null && !load.isEmpty()) {
            line(String.format(Locale.ROOT, "| Rehearsal restore, data-load phase only / %s | %.2f× | none | |", peer.name(),
                    load.medianSeconds() / peer.medianSeconds()));
        }
        line("");
        line("| Rehearsal's heap, highest of the timed runs | Backup | Restore |");
        line("|---|---:|---:|");
        List<HeapWatch.Snapshot> none = List.of();
        List<HeapWatch.Snapshot> hb = heaps.getOrDefault(b.get(0).name(), none);
        List<HeapWatch.Snapshot> hr = heaps.getOrDefault(r.get(0).name(), none);
        line("| Heap limit (-Xmx), MiB | " + peak(hb, HeapWatch.Snapshot::heapMax) + " | " + peak(hr, HeapWatch.Snapshot::heapMax) + " |");
        line("| Peak heap after a collection (live data), MiB | " + peak(hb, HeapWatch.Snapshot::maxAfterGc) + " | "
                + peak(hr, HeapWatch.Snapshot::maxAfterGc) + " |");
        line("| Peak heap before a collection, MiB | " + peak(hb, HeapWatch.Snapshot::maxBeforeGc) + " | "
                + peak(hr, HeapWatch.Snapshot::maxBeforeGc) + " |");
        line("| Collections in a run, most | " + hb.stream().mapToInt(HeapWatch.Snapshot::collections).max().orElse(0) + " | "
                + hr.stream().mapToInt(HeapWatch.Snapshot::collections).max().orElse(0) + " |");
        line("");
        return this;
    }

    private static String pgRow(Series s, PostgresFacts f) {
        if (s.isEmpty()) {
            return "| " + s.name() + " | | | | | ";
        }
        double median = s.medianSeconds();
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %,.0f | %.1f | ", s.name(), median, s.minSeconds(),
                s.maxSeconds(), f.rows() / median, f.heapBytes() / MIB / median);
    }

    private static String cores(Series s) {
        if (s.isEmpty()) {
            return "";
        }
        CpuMeter.Usage cpu = s.medianCpu();
        return String.format(Locale.ROOT, "%.2f / %.2f", cpu.bench(), cpu.machine());
    }

    private static String peak(List<HeapWatch.Snapshot> runs, java.util.function.ToLongFunction<HeapWatch.Snapshot> f) {
        return runs.isEmpty() ? "" : mib(runs.stream().mapToLong(f).max().orElse(0));
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
