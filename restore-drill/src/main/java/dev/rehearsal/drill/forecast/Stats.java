package dev.rehearsal.drill.forecast;

import java.util.Arrays;
import java.util.Collection;

/** The few order statistics the forecasts need, defined once so every range is computed alike. */
final class Stats {

    private Stats() {
    }

    /**
     * The {@code p}-quantile, interpolated linearly between the two nearest ranks: position
     * {@code (n - 1) * p} in the sorted values (the definition of R's type 7 and spreadsheets'
     * PERCENTILE.INC), so the median of an even count is the mean of the middle two.
     */
    static double quantile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to take a quantile of");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    static double median(Collection<Double> values) {
        return quantile(values, 0.5);
    }
}
