package dev.rehearsal.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The timed runs of one measurement, and their median. */
final class Series {

    /** One timed run: wall-clock seconds, items it read, and the cores each party kept busy meanwhile. */
    record Sample(double seconds, long items, CpuMeter.Usage cpu) {
    }

    private final String name;
    private final List<Sample> samples = new ArrayList<>();

    Series(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void add(Sample s) {
        samples.add(s);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    double medianSeconds() {
        return median(samples.stream().map(Sample::seconds).toList());
    }

    double minSeconds() {
        return samples.stream().mapToDouble(Sample::seconds).min().orElse(Double.NaN);
    }

    double maxSeconds() {
        return samples.stream().mapToDouble(Sample::seconds).max().orElse(Double.NaN);
    }

    CpuMeter.Usage medianCpu() {
        return new CpuMeter.Usage(
                median(samples.stream().map(s -> s.cpu().bench()).toList()),
                median(samples.stream().map(s -> s.cpu().dynamo()).toList()),
                median(samples.stream().map(s -> s.cpu().s3()).toList()),
                median(samples.stream().map(s -> s.cpu().machine()).toList()));
    }

    /** CPU seconds this JVM spent in a run (cores busy × seconds), the median over the runs. */
    double medianBenchCpuSeconds() {
        return median(samples.stream().map(s -> s.cpu().bench() * s.seconds()).toList());
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
