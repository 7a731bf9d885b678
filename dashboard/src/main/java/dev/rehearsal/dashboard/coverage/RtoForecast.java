package dev.rehearsal.dashboard.coverage;

import java.util.List;
import java.util.Optional;

/**
 * Predicts how long restoring a table would take today, from its passing drills and its current
 * size. With three or more drills over at least two sizes, a least-squares line of recovery time
 * against item count (a fixed part for creating, indexing and verifying, and a part per item).
 * Otherwise the newest drill, with its data load scaled to today's item count and the rest kept.
 */
public final class RtoForecast {

    /**
     * One passing drill.
     *
     * @param recoverySeconds its measured recovery time
     * @param loadSeconds     the data-load part of it
     */
    public record Sample(long items, double recoverySeconds, double loadSeconds) {
    }

    /**
     * @param seconds the predicted recovery time
     * @param method  how it was computed, for a person reading it
     * @param drills  how many drills it rests on
     * @param items   the item count it was computed for
     */
    public record Forecast(double seconds, String method, int drills, long items) {
    }

    private RtoForecast() {
    }

    /** @param newestFirst passing drills, newest first; the model uses at most the 20 newest */
    public static Optional<Forecast> forecast(List<Sample> newestFirst, long currentItems) {
        List<Sample> samples = newestFirst.stream().filter(s -> s.recoverySeconds() > 0).limit(20).toList();
        if (samples.isEmpty() || currentItems < 0) {
            return Optional.empty();
        }
        long distinctSizes = samples.stream().mapToLong(Sample::items).distinct().count();
        if (samples.size() >= 3 && distinctSizes >= 2) {
            double n = samples.size();
            double mx = samples.stream().mapToDouble(Sample::items).sum() / n;
            double my = samples.stream().mapToDouble(Sample::recoverySeconds).sum() / n;
            double sxy = 0;
            double sxx = 0;
            for (Sample s : samples) {
                sxy += (s.items() - mx) * (s.recoverySeconds() - my);
                sxx += (s.items() - mx) * (s.items() - mx);
            }
            double slope = sxy / sxx;
            if (slope > 0) {
                double intercept = Math.max(0, my - slope * mx);
                return Optional.of(new Forecast(intercept + slope * currentItems,
                        "linear fit of recovery time against item count over " + samples.size() + " drills",
                        samples.size(), currentItems));
            }
        }
        Sample newest = samples.get(0);
        double fixed = Math.max(0, newest.recoverySeconds() - newest.loadSeconds());
        double load = newest.items() == 0 ? newest.loadSeconds()
                : newest.loadSeconds() * ((double) currentItems / newest.items());
        return Optional.of(new Forecast(fixed + load, "newest drill (" + newest.items()
                + " items) with its data load scaled to the current item count", 1, currentItems));
    }
}
