package dev.rehearsal.drill.forecast;

import java.util.List;

/**
 * How far a forecast's past backtests were off, and so how wide its range is. With at least
 * {@link #MIN_BACKTESTS} backtests, {@code lowError} and {@code highError} are the 10th and 90th
 * percentiles of their signed relative errors; with fewer, they are the default
 * {@link #DEFAULT_LOW_ERROR} / {@link #DEFAULT_HIGH_ERROR} and {@link #measured()} is false.
 *
 * @param drills              how many drills the forecast rests on
 * @param backtests           how many past forecasts could be checked
 * @param medianAbsoluteError the median of the backtests' absolute relative errors (0.1 = 10%);
 *                            NaN when there is no backtest at all
 * @param lowError            the relative error at the low end of the range, e.g. -0.08
 * @param highError           the relative error at the high end of the range, e.g. +0.21
 */
public record Accuracy(int drills, int backtests, double medianAbsoluteError, double lowError, double highError) {

    /** Below this many backtests their spread says little; the range is the default instead. */
    public static final int MIN_BACKTESTS = 3;
    /** The default range's low end: a restore half as long as forecast. */
    public static final double DEFAULT_LOW_ERROR = -0.5;
    /** The default range's high end: a restore twice as long as forecast. */
    public static final double DEFAULT_HIGH_ERROR = 1.0;

    /** The accuracy a backtest shows, for a forecast resting on {@code drills} drills. */
    public static Accuracy of(int drills, Backtest backtest) {
        List<Double> errors = backtest.errors();
        double mae = errors.isEmpty() ? Double.NaN : Stats.median(errors.stream().map(Math::abs).toList());
        if (errors.size() < MIN_BACKTESTS) {
            return new Accuracy(drills, errors.size(), mae, DEFAULT_LOW_ERROR, DEFAULT_HIGH_ERROR);
        }
        return new Accuracy(drills, errors.size(), mae, Stats.quantile(errors, 0.1), Stats.quantile(errors, 0.9));
    }

    /** Whether the range comes from measured error rather than the default. */
    public boolean measured() {
        return backtests >= MIN_BACKTESTS;
    }

    /**
     * For a person: "based on 14 drills; past forecasts were within −8% / +21% (10th to 90th
     * percentile of 13 backtests)", or, with too few backtests, why the range is the wide default.
     */
    public String words() {
        return words("drill");
    }

    /** The same words about drills of another kind, such as "plan drill". */
    String words(String drill) {
        String basis = "based on " + count(drills, drill);
        if (measured()) {
            return basis + "; past forecasts were within " + percent(lowError) + " / " + percent(highError)
                    + " (10th to 90th percentile of " + backtests + " backtests)";
        }
        return basis + "; " + (backtests == 0 ? "no past forecast" : "only " + count(backtests, "past forecast"))
                + " to check it against (" + MIN_BACKTESTS + " needed), so the range is a wide default of "
                + percent(DEFAULT_LOW_ERROR) + " / " + percent(DEFAULT_HIGH_ERROR);
    }

    static String percent(double ratio) {
        long p = Math.round(ratio * 100);
        return (p < 0 ? "\u2212" + -p : "+" + p) + "%";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
