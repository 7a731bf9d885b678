package dev.rehearsal.drill.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Forecasts one table's recovery time at today's item count from its passing drills, with a range
 * taken from how far the same model was off before each past drill. See {@code docs/FORECAST.md}.
 *
 * <p>The point model is a fixed part plus a part per item. Over the newest {@link #LINE_WINDOW}
 * drills, when there are at least three and their sizes differ by {@link #MIN_SPREAD} or more, it is
 * a Theil–Sen line (the median of the slopes between every two drills; the median of the
 * intercepts), so one odd drill does not swing it. A fixed part that comes out negative refits the
 * line through zero. Otherwise, or when the line slopes the wrong way, the newest
 * {@link #SCALED_WINDOW} drills' median fixed time (recovery less load) plus their median load
 * time per item, scaled to today's items.
 */
public final class Forecaster {

    /** The newest drills the line is fitted over: enough to be robust, few enough to follow a changing system. */
    public static final int LINE_WINDOW = 20;
    /** The newest drills the scaled model takes medians over: one odd drill among them moves it little. */
    public static final int SCALED_WINDOW = 5;
    /** How much larger the largest drill must be than the smallest for a slope to mean more than noise. */
    public static final double MIN_SPREAD = 1.25;

    private static final Comparator<Sample> OLDEST_FIRST = Comparator.comparing(Sample::at)
            .thenComparingLong(Sample::items).thenComparingDouble(Sample::recoverySeconds);

    private Forecaster() {
    }

    /** The point model's answer and what it rests on. */
    private record Fit(double seconds, int drills, String method) {
    }

    /**
     * Today's forecast, or empty when there is no usable drill or the item count is unknown (negative).
     *
     * @param history the table's passing drills, in any order; drills without a positive recovery time are ignored
     * @param items   today's item count
     */
    public static Optional<Forecast> forecast(List<Sample> history, long items) {
        List<Sample> usable = usable(history);
        if (items < 0 || usable.isEmpty()) {
            return Optional.empty();
        }
        Fit fit = fit(usable, items);
        Accuracy accuracy = Accuracy.of(fit.drills(), backtest(usable));
        Estimate range = Estimate.around(fit.seconds(), accuracy.lowError(), accuracy.highError());
        return Optional.of(new Forecast(fit.seconds(), range.low(), range.high(), fit.drills(), items, fit.method(),
                accuracy));
    }

    /** The point model alone, without a backtest: what {@link #forecast} calls most likely. */
    public static OptionalDouble mostLikely(List<Sample> history, long items) {
        List<Sample> usable = usable(history);
        if (items < 0 || usable.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(fit(usable, items).seconds());
    }

    /**
     * For each drill, oldest to newest, the forecast the drills that finished strictly before it would
     * have given for its item count, against what it measured. The first drill has nothing before it;
     * a forecast of zero seconds has no relative error and is left out.
     */
    public static Backtest backtest(List<Sample> history) {
        List<Sample> usable = usable(history);
        List<Backtest.Point> points = new ArrayList<>();
        for (Sample drill : usable) {
            List<Sample> before = usable.stream().filter(s -> s.at().isBefore(drill.at())).toList();
            if (before.isEmpty()) {
                continue;
            }
            double predicted = fit(before, drill.items()).seconds();
            if (predicted > 0) {
                points.add(Backtest.Point.of(drill.at(), predicted, drill.recoverySeconds()));
            }
        }
        return new Backtest(points);
    }

    private static List<Sample> usable(List<Sample> history) {
        return history.stream().filter(Sample::usable).sorted(OLDEST_FIRST).toList();
    }

    /** @param oldestFirst usable drills, at least one */
    private static Fit fit(List<Sample> oldestFirst, long items) {
        List<Sample> window = newest(oldestFirst, LINE_WINDOW);
        long smallest = window.stream().mapToLong(Sample::items).min().orElseThrow();
        long largest = window.stream().mapToLong(Sample::items).max().orElseThrow();
        if (window.size() >= 3 && largest > 0 && largest >= MIN_SPREAD * smallest) {
            Optional<Fit> line = line(window, items);
            if (line.isPresent()) {
                return line.get();
            }
        }
        return scaled(newest(oldestFirst, SCALED_WINDOW), items);
    }

    /** Theil–Sen: robust to a minority of odd drills, unlike least squares, which one outlier can tilt. */
    private static Optional<Fit> line(List<Sample> window, long items) {
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            for (int j = i + 1; j < window.size(); j++) {
                Sample a = window.get(i);
                Sample b = window.get(j);
                if (a.items() != b.items()) {
                    slopes.add((b.recoverySeconds() - a.recoverySeconds()) / (b.items() - a.items()));
                }
            }
        }
        double slope = Stats.median(slopes);
        if (slope <= 0) {
            return Optional.empty();
        }
        double fixed = Stats.median(window.stream().map(s -> s.recoverySeconds() - slope * s.items()).toList());
        String over = " over " + window.size() + " drills";
        if (fixed >= 0) {
            return Optional.of(new Fit(fixed + slope * items, window.size(), String.format(Locale.ROOT,
                    "Theil\u2013Sen line of recovery time against item count%s: %s fixed + %s per 1,000 items",
                    over, seconds(fixed), seconds(slope * 1000))));
        }
        // A negative fixed part is not physical; the drills are better read as time proportional to size.
        double perItem = Stats.median(window.stream().filter(s -> s.items() > 0)
                .map(s -> s.recoverySeconds() / s.items()).toList());
        return Optional.of(new Fit(perItem * items, window.size(), String.format(Locale.ROOT,
                "recovery time proportional to item count%s (a fitted line would have a negative fixed part): %s"
                        + " per 1,000 items", over, seconds(perItem * 1000))));
    }

    private static Fit scaled(List<Sample> window, long items) {
        double fixed = Stats.median(window.stream().map(Sample::fixedSeconds).toList());
        List<Double> perItem = window.stream().filter(s -> s.items() > 0)
                .map(s -> Math.min(s.loadSeconds(), s.recoverySeconds()) / s.items()).toList();
        // Drills of empty tables say nothing per item; their load time, if any, is kept as it was.
        double load = perItem.isEmpty()
                ? Stats.median(window.stream().map(s -> Math.min(s.loadSeconds(), s.recoverySeconds())).toList())
                : Stats.median(perItem) * items;
        if (window.size() == 1) {
            Sample newest = window.get(0);
            return new Fit(fixed + load, 1, String.format(Locale.ROOT, "newest drill (%,d items) with its data load"
                    + " scaled to today's item count: %s fixed + %s load", newest.items(), seconds(fixed), seconds(load)));
        }
        return new Fit(fixed + load, window.size(), String.format(Locale.ROOT, "median of the newest %d drills' fixed"
                + " time and load time per item, scaled to today's item count: %s fixed + %s load", window.size(),
                seconds(fixed), seconds(load)));
    }

    private static List<Sample> newest(List<Sample> oldestFirst, int n) {
        return oldestFirst.subList(Math.max(0, oldestFirst.size() - n), oldestFirst.size());
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }
}
