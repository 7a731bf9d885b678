package dev.rehearsal.bench;

import dev.rehearsal.drill.restore.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

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
        if (backupOutput != null) {
            cpuPerGiB(series, backupOutput.uncompressedBytes());
        }
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
        cpuPerGiB(series.values().stream().filter(s -> !s.name().equals(RestoreBenchmark.AWS_CLI)).toList(), f.jsonBytes());
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
            if (s.isEmpty()) {
                continue; // --skip-backups
            }
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
        for (int i = 1; i < b.size() && !b.get(0).isEmpty(); i++) {
            Ratio ratio = ratio("Rehearsal backup / " + b.get(i).name(), b.get(0).medianSeconds() / b.get(i).medianSeconds(),
                    1.0, true);
            line(String.format(Locale.ROOT, "| %s | %.2f× | %s | %s |", ratio.label(), ratio.value(), "< 1.0× (faster)",
                    ratio.value() < 1.0 ? "met" : "**missed**"));
        }
        Series peer = r.get(r.size() - 1);
        double restoreRatio = r.get(0).medianSeconds() / peer.medianSeconds();
        line(String.format(Locale.ROOT, "| Rehearsal restore (all phases) / %s | %.2f× | ≤ 1.0× | %s |",
                peer.name(), restoreRatio, restoreRatio <= 1.0 ? "met" : "**missed**"));
        Series verified = restores.get(PostgresBenchmark.VERIFIED);
        if (verified != null && !verified.isEmpty()) {
            double verifiedRatio = verified.medianSeconds() / peer.medianSeconds();
            line(String.format(Locale.ROOT, "| Rehearsal verified restore (restore + verification) / %s | %.2f× | ≤ 1.5× | %s |",
                    peer.name(), verifiedRatio, verifiedRatio <= 1.5 ? "met" : "**missed**"));
        }
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
        double restorePeak = hr.stream().mapToLong(HeapWatch.Snapshot::maxAfterGc).max().orElse(0) / MIB;
        line(String.format(Locale.ROOT, "| Target: restore peak after a collection ≤ 64 MiB | | %s (%.1f MiB) |",
                restorePeak <= 64 ? "met" : "**missed**", restorePeak));
        line("| Peak heap before a collection, MiB | " + peak(hb, HeapWatch.Snapshot::maxBeforeGc) + " | "
                + peak(hr, HeapWatch.Snapshot::maxBeforeGc) + " |");
        line("| Collections in a run, most | " + hb.stream().mapToInt(HeapWatch.Snapshot::collections).max().orElse(0) + " | "
                + hr.stream().mapToInt(HeapWatch.Snapshot::collections).max().orElse(0) + " |");
        line("");
        return this;
    }

    /**
     * Remote against in-process partitioning: every setup's backups (warm-up included, marked), the
     * ratios of their medians, and each partition's rate. {@code pids} lists each setup's daemons in the
     * order they were started; {@code idle} is what all the daemons used while none was backing up;
     * {@code failures} the runs that failed and were measured again.
     */
    Report cluster(PostgresBenchmark.Facts table, int segments, List<ClusterBenchmark.Setup> setups,
            List<ClusterBenchmark.Run> runs, Map<ClusterBenchmark.Setup, List<Long>> pids, ClusterBenchmark.Cores idle,
            List<String> failures) {
        Map<ClusterBenchmark.Setup, List<ClusterBenchmark.Run>> timed = new LinkedHashMap<>();
        for (ClusterBenchmark.Setup s : setups) {
            timed.put(s, runs.stream().filter(r -> r.setup().equals(s) && !r.when().equals("warm-up")).toList());
        }
        ClusterBenchmark.Run any = runs.get(0);
        line("### Remote partitioning: table `" + table.table() + "`");
        line("");
        line(String.format(Locale.ROOT, "%,d rows; %.1f MiB of table heap (%.0f bytes a row on disk); %d segments (ctid"
                + " ranges), each one partition. A backup writes %.1f MiB of JSON lines, stored as %.1f MiB of zstd. The"
                + " daemons of every setup run throughout; while none was backing up, all %d of them together kept %.2f"
                + " cores busy (PostgreSQL %.2f, RabbitMQ %.2f, machine %.2f).", table.rows(), table.heapBytes() / MIB,
                (double) table.heapBytes() / table.rows(), segments, any.jsonBytes() / MIB, any.storedBytes() / MIB,
                pids.values().stream().mapToInt(List::size).sum(), idle.daemons(), idle.postgres(), idle.broker(),
                idle.machine()));
        line("");
        line("| Setup | Partitions at once | Median s | Min–max s | Rows/s | MiB/s of table heap | Steps, median s: prepare / segments / commit | Cores busy: daemons / PostgreSQL / RabbitMQ / machine |");
        line("|---|---:|---:|---:|---:|---:|---|---|");
        for (var e : timed.entrySet()) {
            List<ClusterBenchmark.Run> rs = e.getValue();
            double median = med(rs, ClusterBenchmark.Run::seconds);
            line(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f–%.2f | %,.0f | %.1f | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f / %.2f |",
                    e.getKey().label(), e.getKey().atOnce(), median, min(rs, ClusterBenchmark.Run::seconds),
                    max(rs, ClusterBenchmark.Run::seconds), table.rows() / median, table.heapBytes() / MIB / median,
                    med(rs, ClusterBenchmark.Run::prepare), med(rs, ClusterBenchmark.Run::segments),
                    med(rs, ClusterBenchmark.Run::commit), med(rs, r -> r.cores().daemons()),
                    med(rs, r -> r.cores().postgres()), med(rs, r -> r.cores().broker()), med(rs, r -> r.cores().machine())));
        }
        line("");
        line("| Setup | CPU a row, µs, median: daemons / PostgreSQL / RabbitMQ | Rows/s a daemon core (1 / daemons' CPU a row) |");
        line("|---|---|---:|");
        for (var e : timed.entrySet()) {
            List<ClusterBenchmark.Run> rs = e.getValue();
            double daemon = med(rs, r -> r.cores().microsPerRow(table.rows())[0]);
            line(String.format(Locale.ROOT, "| %s | %.2f / %.2f / %.3f | %,.0f |", e.getKey().label(), daemon,
                    med(rs, r -> r.cores().microsPerRow(table.rows())[1]), med(rs, r -> r.cores().microsPerRow(table.rows())[2]),
                    1e6 / daemon));
        }
        line("");
        line("Seconds are the daemon's own: end_time − start_time of the rehearsal-backup job execution in the catalog."
                + " Cores are averages from the API call that started the backup until the harness saw its job end: the"
                + " setup's daemons, the PostgreSQL server (the COPY backends included), the broker's Erlang VM, and the"
                + " whole machine (which includes the idle daemons of the other setups and anything else running)."
                + " CPU a row is the CPU time each party used over the same window, divided by the table's rows: it"
                + " depends much less than the seconds on what else the machine was doing.");
        line("");
        line("| Ratio of medians | Value | Round by round | Target | |");
        line("|---|---:|---|---|---|");
        ratioLine(timed, ClusterBenchmark.REMOTE_1X4, ClusterBenchmark.IN_PROCESS,
                "Remote 1×4 / in-process (the broker's cost, 4 partitions at once in both)", 1.15);
        ratioLine(timed, ClusterBenchmark.REMOTE_2X2, ClusterBenchmark.REMOTE_1X4,
                "Remote 2×2 / remote 1×4 (two processes instead of one, 4 partitions at once in both)", Double.NaN);
        ratioLine(timed, ClusterBenchmark.REMOTE_2X2, ClusterBenchmark.REMOTE_1X2,
                "Remote 2×2 / remote 1×2 (a second process of 2 added to one of 2)", Double.NaN);
        line("");
        StringBuilder header = new StringBuilder("| Round |");
        StringBuilder rule = new StringBuilder("|---|");
        for (ClusterBenchmark.Setup s : setups) {
            header.append(' ').append(s.key()).append(" s |");
            rule.append("---:|");
        }
        line(header + " remote_1x4 / in_process |");
        line(rule + "---:|");
        for (String when : runs.stream().map(ClusterBenchmark.Run::when).distinct().toList()) {
            StringBuilder row = new StringBuilder("| " + (when.equals("warm-up") ? "warm-up (not counted)" : when) + " |");
            Map<ClusterBenchmark.Setup, Double> secs = new HashMap<>();
            for (ClusterBenchmark.Setup s : setups) {
                double v = runs.stream().filter(r -> r.setup().equals(s) && r.when().equals(when))
                        .mapToDouble(ClusterBenchmark.Run::seconds).findFirst().orElse(Double.NaN);
                secs.put(s, v);
                row.append(String.format(Locale.ROOT, " %.2f |", v));
            }
            row.append(String.format(Locale.ROOT, " %.2f× |", secs.get(ClusterBenchmark.REMOTE_1X4)
                    / secs.get(ClusterBenchmark.IN_PROCESS)));
            line(row.toString());
        }
        line("");
        line("#### Partitions");
        line("");
        line("| Setup | Partition s, median (min–max) | Rows/s a partition, median | MiB/s a partition, median | Rows/s a process (segments step), median | Partitions at once, median | Before the first partition, s | After the last, s | Partitions a process, by run |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (var e : timed.entrySet()) {
            List<ClusterBenchmark.Run> rs = e.getValue();
            List<ClusterBenchmark.Partition> parts = rs.stream().flatMap(r -> r.partitions().stream()).toList();
            List<Double> partSeconds = parts.stream().map(ClusterBenchmark.Partition::seconds).toList();
            List<Double> partRows = parts.stream().map(p -> p.rows() / p.seconds()).toList();
            List<Double> partMib = parts.stream().map(p -> table.heapBytes() / MIB * p.rows() / table.rows() / p.seconds()).toList();
            List<Double> perProcess = new ArrayList<>();
            List<String> split = new ArrayList<>();
            for (ClusterBenchmark.Run r : rs) {
                Map<Long, Long> rowsByPid = new TreeMap<>();
                r.partitions().forEach(p -> rowsByPid.merge(p.pid(), p.rows(), Long::sum));
                for (long pid : pids.get(e.getKey())) {
                    perProcess.add(rowsByPid.getOrDefault(pid, 0L) / r.segments());
                }
                List<String> counts = new ArrayList<>();
                for (long pid : pids.get(e.getKey())) {
                    counts.add(Long.toString(r.partitionsByPid().getOrDefault(pid, 0L)));
                }
                split.add(String.join("+", counts));
            }
            line(String.format(Locale.ROOT, "| %s | %.2f (%.2f–%.2f) | %,.0f | %.2f | %,.0f | %.2f | %.2f | %.2f | %s |",
                    e.getKey().label(), Series.median(partSeconds),
                    partSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    partSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    Series.median(partRows), Series.median(partMib), Series.median(perProcess),
                    med(rs, ClusterBenchmark.Run::concurrency), med(rs, ClusterBenchmark.Run::dispatch),
                    med(rs, ClusterBenchmark.Run::collect), String.join(", ", split)));
        }
        line("");
        line("A partition's time is rehearsal_partition's finished_at − claimed_at with the cluster on, and its step"
                + " execution's end − start without; its rows are its segment's in the manifest, its MiB its share of"
                + " the table heap. A process's rate is the rows its partitions read over the whole segments step."
                + " Partitions at once is the partitions' summed time over the segments step's. \"Before the first\""
                + " is from the segments step's start to the first partition's start (handing the partitions out),"
                + " \"after the last\" from the last partition's end to the step's end (noticing they are all done).");
        line("");
        if (!failures.isEmpty()) {
            line("Runs that failed and were measured again (not counted):");
            line("");
            failures.forEach(f -> line("- " + f));
            line("");
        }
        return this;
    }

    private void ratioLine(Map<ClusterBenchmark.Setup, List<ClusterBenchmark.Run>> timed, ClusterBenchmark.Setup a,
            ClusterBenchmark.Setup b, String label, double atMost) {
        List<ClusterBenchmark.Run> ra = timed.get(a);
        List<ClusterBenchmark.Run> rb = timed.get(b);
        double value = med(ra, ClusterBenchmark.Run::seconds) / med(rb, ClusterBenchmark.Run::seconds);
        List<String> rounds = new ArrayList<>();
        for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
            rounds.add(String.format(Locale.ROOT, "%.2f×", ra.get(i).seconds() / rb.get(i).seconds()));
        }
        String target = Double.isNaN(atMost) ? "none" : String.format(Locale.ROOT, "≤ %.2f×", atMost);
        String verdict = Double.isNaN(atMost) ? "" : value <= atMost ? "met" : "**missed**";
        line(String.format(Locale.ROOT, "| %s | %.2f× | %s | %s | %s |", label, value, String.join(", ", rounds), target,
                verdict));
    }

    private static double med(List<ClusterBenchmark.Run> runs, ToDoubleFunction<ClusterBenchmark.Run> f) {
        return Series.median(runs.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    private static double min(List<ClusterBenchmark.Run> runs, ToDoubleFunction<ClusterBenchmark.Run> f) {
        return runs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<ClusterBenchmark.Run> runs, ToDoubleFunction<ClusterBenchmark.Run> f) {
        return runs.stream().mapToDouble(f).max().orElse(Double.NaN);
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

    /**
     * The measuring JVM's own CPU per GiB of the backup's JSON lines: what Rehearsal's work costs,
     * apart from the servers on the same cores, which the seconds include.
     */
    private void cpuPerGiB(List<Series> series, long jsonBytes) {
        double gib = jsonBytes / (MIB * 1024);
        line(String.format(Locale.ROOT, "The measuring JVM's CPU, per GiB of the %.1f MiB of JSON lines the table makes"
                + " (median of the runs):", jsonBytes / MIB));
        line("");
        line("| Measurement | Bench JVM CPU s | CPU s per GiB of JSON lines |");
        line("|---|---:|---:|");
        for (Series s : series) {
            if (!s.isEmpty()) {
                double cpu = s.medianBenchCpuSeconds();
                line(String.format(Locale.ROOT, "| %s | %.2f | %.1f |", s.name(), cpu, cpu / gib));
            }
        }
        line("");
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
