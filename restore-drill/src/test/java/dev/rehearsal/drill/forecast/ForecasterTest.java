package dev.rehearsal.drill.forecast;

import static dev.rehearsal.drill.forecast.Drills.day;
import static dev.rehearsal.drill.forecast.Drills.drill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecasterTest {

    private static final double EPS = 1e-9;

    @Test
    void noDrillsNoForecast() {
        assertThat(Forecaster.forecast(List.of(), 1_000)).isEmpty();
        assertThat(Forecaster.forecast(List.of(drill(1, 100, 5, 3)), -1)).as("today's size unknown").isEmpty();
        assertThat(Forecaster.forecast(List.of(drill(1, 100, 0, 0)), 100)).as("a drill without a recovery time")
                .isEmpty();
        assertThat(Forecaster.backtest(List.of()).points()).isEmpty();
    }

    @Test
    void oneDrillScalesItsDataLoadAndKeepsTheRest() {
        // 10 s in all, 6 s of it loading 1,000 items: 4 s fixed. Twice the items, twice the load: 4 + 12.
        Forecast f = Forecaster.forecast(List.of(drill(1, 1_000, 10, 6)), 2_000).orElseThrow();
        assertThat(f.seconds()).isCloseTo(16.0, within(EPS));
        assertThat(f.drills()).isEqualTo(1);
        assertThat(f.method()).contains("newest drill");
        // Nothing to backtest: the default range, half to twice the forecast.
        assertThat(f.low()).isCloseTo(8.0, within(EPS));
        assertThat(f.high()).isCloseTo(32.0, within(EPS));
        assertThat(f.accuracy().backtests()).isZero();
        assertThat(f.accuracy().words()).startsWith("based on 1 drill;").contains("no past forecast");
        // A table that shrank to nothing restores in the fixed part alone.
        assertThat(Forecaster.forecast(List.of(drill(1, 1_000, 10, 6)), 0).orElseThrow().seconds()).isEqualTo(4.0);
    }

    @Test
    void twoDrillsOnlyGiveTheDefaultRangeAndSaySo() {
        // Fixed parts 4 and 4; load per item 6/1000 and 10/2000, median (mean of two) 0.0055 s.
        // Today, 2,000 items: 4 + 0.0055 * 2000 = 15.
        List<Sample> drills = List.of(drill(1, 1_000, 10, 6), drill(2, 2_000, 14, 10));
        Forecast f = Forecaster.forecast(drills, 2_000).orElseThrow();
        assertThat(f.seconds()).isCloseTo(15.0, within(EPS));
        // One backtest: before day 2, the day-1 drill alone said 4 + 0.006 * 2000 = 16; day 2 took 14: -12.5%.
        assertThat(f.accuracy().backtests()).isEqualTo(1);
        assertThat(f.accuracy().medianAbsoluteError()).isCloseTo(0.125, within(EPS));
        assertThat(f.accuracy().measured()).isFalse();
        assertThat(f.low()).isCloseTo(7.5, within(EPS));
        assertThat(f.high()).isCloseTo(30.0, within(EPS));
        assertThat(f.accuracy().words()).isEqualTo("based on 2 drills; only 1 past forecast to check it against"
                + " (3 needed), so the range is a wide default of \u221250% / +100%");
    }

    /** Ten nightly drills of a 1,000-item table with 4 s of fixed cost, the rest load, recovery 9 to 12 s. */
    private static List<Sample> steady() {
        double[] recovery = {10, 11, 9, 10, 12, 10, 9, 11, 10, 10};
        List<Sample> drills = new ArrayList<>();
        for (int i = 0; i < recovery.length; i++) {
            drills.add(drill(i, 1_000, recovery[i], recovery[i] - 4));
        }
        return drills;
    }

    @Test
    void steadyHistory() {
        Forecast f = Forecaster.forecast(steady(), 1_000).orElseThrow();
        // One size only: no line. The newest five drills (10, 9, 11, 10, 10 s): fixed 4, median load 6 -> 10 s.
        assertThat(f.seconds()).isCloseTo(10.0, within(EPS));
        assertThat(f.drills()).isEqualTo(5);
        assertThat(f.method()).contains("median of the newest 5 drills");
        // Backtest, each drill against the median of up to five drills before it:
        //   day1 11 vs 10 (+0.1), day2 9 vs 10.5 (-0.142857), day3 10 vs 10 (0), day4 12 vs 10 (+0.2),
        //   day5 10 vs 10 (0), day6 9 vs 10 (-0.1), day7 11 vs 10 (+0.1), day8 10 vs 10, day9 10 vs 10.
        Backtest bt = Forecaster.backtest(steady());
        assertThat(bt.size()).isEqualTo(9);
        assertThat(bt.points().get(1).at()).isEqualTo(day(2));
        assertThat(bt.points().get(1).predicted()).isCloseTo(10.5, within(EPS));
        assertThat(bt.points().get(1).actual()).isEqualTo(9.0);
        assertThat(bt.errors()).usingComparatorForType((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b),
                Double.class).containsExactly(0.1, 9 / 10.5 - 1, 0.0, 0.2, 0.0, -0.1, 0.1, 0.0, 0.0);
        // Sorted: -0.142857, -0.1, 0, 0, 0, 0, 0.1, 0.1, 0.2. p10 at rank 0.8: -0.142857 + 0.8 * 0.042857 = -0.108571;
        // p90 at rank 7.2: 0.1 + 0.2 * 0.1 = 0.12. Median absolute error: 0.1.
        assertThat(f.accuracy().backtests()).isEqualTo(9);
        assertThat(f.accuracy().lowError()).isCloseTo(-0.108571, within(1e-6));
        assertThat(f.accuracy().highError()).isCloseTo(0.12, within(EPS));
        assertThat(f.accuracy().medianAbsoluteError()).isCloseTo(0.1, within(EPS));
        assertThat(f.low()).isCloseTo(8.914286, within(1e-6));
        assertThat(f.high()).isCloseTo(11.2, within(EPS));
        assertThat(f.accuracy().words()).isEqualTo("based on 5 drills; past forecasts were within \u221211% / +12%"
                + " (10th to 90th percentile of 9 backtests)");
    }

    @Test
    void aTableThatGrewTenfoldIsForecastAtTodaysSizeWithTheRangeItsBacktestEarned() {
        // recovery = 5 s + 0.003 s per item; only 0.002 s per item of it is the load, verification grows too.
        List<Sample> drills = List.of(drill(1, 1_000, 8, 2), drill(2, 2_000, 11, 4), drill(3, 4_000, 17, 8),
                drill(4, 8_000, 29, 16));
        Forecast f = Forecaster.forecast(drills, 10_000).orElseThrow();
        // Four sizes, 8x apart: the line is exact, 5 + 0.003 * 10000 = 35 s, ten times the first drill's items.
        assertThat(f.seconds()).isCloseTo(35.0, within(EPS));
        assertThat(f.method()).contains("Theil\u2013Sen").contains("over 4 drills");
        // Backtest: day 2 from day 1 alone (fixed 6 + 0.002 * 2000 = 10; took 11: +0.1); day 3 from two drills
        // (fixed 6.5 + 0.002 * 4000 = 14.5; took 17: +0.172414); day 4 from three sizes, the exact line (0).
        // The scaled model missed the growth of the "fixed" part; the history says so: forecasts ran low.
        // Sorted 0, 0.1, 0.172414: p10 at rank 0.2 = 0.02, p90 at rank 1.8 = 0.1 + 0.8 * 0.072414 = 0.157931.
        assertThat(f.accuracy().backtests()).isEqualTo(3);
        assertThat(f.accuracy().lowError()).isCloseTo(0.02, within(1e-6));
        assertThat(f.accuracy().highError()).isCloseTo(0.157931, within(1e-6));
        // The range always holds the most likely value: a positive low error does not lift the low end above it.
        assertThat(f.low()).isCloseTo(35.0, within(EPS));
        assertThat(f.high()).isCloseTo(35 * 1.157931, within(1e-4));
        assertThat(f.accuracy().words()).contains("within +2% / +16%");
    }

    @Test
    void aLineThroughThreeSizes() {
        // recovery = 3 s + 0.002 s per item exactly, given newest first: 3 + 20 = 23 at 10,000 items.
        List<Sample> drills = List.of(drill(3, 4_000, 11, 8), drill(2, 2_000, 7, 4), drill(1, 1_000, 5, 2));
        assertThat(Forecaster.forecast(drills, 10_000).orElseThrow().seconds()).isCloseTo(23.0, within(EPS));
    }

    @Test
    void oneOutlierDoesNotSwingThePointButWidensTheRange() {
        // recovery = 2 s + 0.001 s per item at 1,000 ... 8,000 items, but the 5,000-item drill took 35 s, not 7.
        List<Sample> drills = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            long items = i * 1_000L;
            double recovery = i == 5 ? 35 : 2 + items / 1000.0;
            drills.add(drill(i, items, recovery, items / 1000.0));
        }
        Forecast f = Forecaster.forecast(drills, 8_000).orElseThrow();
        // Of 28 pairwise slopes, 21 are exactly 0.001 and the outlier's 7 split 4 above, 3 below: the median is
        // 0.001; intercepts are 2 seven times and 30 once: median 2. So 2 + 8 = 10 s, the truth.
        // (A least-squares line over the same drills says 14.67 s.)
        assertThat(f.seconds()).isCloseTo(10.0, within(EPS));
        // Backtest errors: 0, 0, 0, then the outlier 35 against 7 (+4.0), then 0, 0, 0: one of seven.
        // Sorted: six zeros and 4.0: p10 = 0, p90 at rank 5.4 = 0.4 * 4.0 = 1.6. Median absolute error 0.
        assertThat(f.accuracy().backtests()).isEqualTo(7);
        assertThat(f.accuracy().medianAbsoluteError()).isCloseTo(0.0, within(EPS));
        assertThat(f.accuracy().highError()).isCloseTo(1.6, within(EPS));
        assertThat(f.low()).isCloseTo(10.0, within(EPS));
        assertThat(f.high()).isCloseTo(26.0, within(EPS));
        assertThat(f.accuracy().words()).contains("within +0% / +160%");
    }

    @Test
    void aLineThatWouldGetFasterWithSizeIsNotUsed() {
        // Slopes -0.003, -0.004, -0.005: the median is negative. The scaled model over three drills instead:
        // fixed median(4, 3, 2) = 3; load per item median(0.008, 0.003, 0.000667) = 0.003; 3 + 0.003 * 6000 = 21.
        List<Sample> drills = List.of(drill(1, 1_000, 12, 8), drill(2, 2_000, 9, 6), drill(3, 3_000, 4, 2));
        Forecast f = Forecaster.forecast(drills, 6_000).orElseThrow();
        assertThat(f.method()).contains("median of the newest 3 drills");
        assertThat(f.seconds()).isCloseTo(21.0, within(EPS));
    }

    @Test
    void aLineWithANegativeFixedPartIsRefittedThroughZero() {
        // recovery = 0.002 s per item - 1 s: no restore takes negative time. Seconds per item 0.001, 0.0015,
        // 0.00175: median 0.0015, so 15 s at 10,000 items (the negative line would say 19).
        List<Sample> drills = List.of(drill(1, 1_000, 1, 1), drill(2, 2_000, 3, 3), drill(3, 4_000, 7, 7));
        Forecast f = Forecaster.forecast(drills, 10_000).orElseThrow();
        assertThat(f.method()).contains("proportional");
        assertThat(f.seconds()).isCloseTo(15.0, within(EPS));
    }

    @Test
    void theOrderOfTheHistoryDoesNotMatter() {
        List<Sample> shuffled = new ArrayList<>(steady());
        Collections.shuffle(shuffled, new Random(7));
        assertThat(Forecaster.forecast(shuffled, 1_234)).isEqualTo(Forecaster.forecast(steady(), 1_234));
        assertThat(Forecaster.mostLikely(steady(), 1_234).getAsDouble())
                .isEqualTo(Forecaster.forecast(steady(), 1_234).orElseThrow().seconds());
    }
}
