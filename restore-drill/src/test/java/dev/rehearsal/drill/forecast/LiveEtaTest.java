package dev.rehearsal.drill.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rehearsal.drill.forecast.LiveEta.Done;
import dev.rehearsal.drill.forecast.LiveEta.Eta;
import dev.rehearsal.drill.forecast.LiveEta.Pending;
import dev.rehearsal.drill.forecast.LiveEta.Running;
import dev.rehearsal.drill.forecast.LiveEta.StageState;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEtaTest {

    private static final double EPS = 1e-9;

    /** Forecast before the run: 110 s, from 88 (-20%) to 165 (+50%), at an expected 100 items/s. */
    private static final Estimate ORDERS_FORECAST = new Estimate(110, 88, 165);

    private static Running orders(long itemsDone, double elapsedSeconds) {
        // Measured 50 items/s, half the forecast's rate; its drills showed 15 s of fixed cost.
        return new Running("prod/orders", itemsDone, 10_000, 50, elapsedSeconds, 15, ORDERS_FORECAST);
    }

    @Test
    void aRunningTableWhoseMeasuredRateDiffersFromTheForecastMovesTheEta() {
        List<StageState> plan = List.of(
                new StageState("core", 2, List.of(new Done("prod/users", 50), orders(2_500, 60),
                        new Pending("prod/carts", new Estimate(40, 30, 60)))),
                new StageState("rest", 1, List.of(new Pending("prod/audit", new Estimate(100, 80, 150)))));
        Eta eta = LiveEta.eta(plan, 60);
        // orders: 7,500 items left at 50/s = 150 s; of its 60 s, 2,500 / 50 = 50 went to loading, 10 to its
        // 15 s fixed cost, so 5 s of that is left: 155 s. A quarter is measured, so its range is the forecast's
        // -20% / +50% over the three quarters left: 155 * (1 - 0.15) = 131.75 and 155 * (1 + 0.375) = 213.125.
        // carts takes the other slot now: 60 + 40 = 100, inside orders' 215. users is done. core: 155 s left.
        assertThat(eta.stages().get(0).remaining().seconds()).isCloseTo(155.0, within(EPS));
        assertThat(eta.stages().get(0).remaining().low()).isCloseTo(131.75, within(EPS));
        assertThat(eta.stages().get(0).remaining().high()).isCloseTo(213.125, within(EPS));
        assertThat(eta.stages().get(0).done()).isFalse();
        // rest starts when core is verified: 155 + 100 = 255; low 131.75 + 80 = 211.75; high 213.125 + 150.
        assertEstimate(eta.stages().get(1).remaining(), 255, 211.75, 363.125);
        assertThat(eta.remaining()).isEqualTo(eta.stages().get(1).remaining());
        // At the forecast's own rate (100 items/s) orders would have 75 + 5 = 80 s left, and the plan 180.
    }

    @Test
    void theRangeClosesAsMeasuredItemsReplaceTheForecast() {
        Estimate early = LiveEta.eta(List.of(new StageState("core", 1, List.of(orders(2_500, 60)))), 60).remaining();
        // Nine tenths loaded in 180 s, plus 10 s of fixed cost spent: 1,000 / 50 = 20 s of load and 5 s of fixed
        // cost left: 25 s; the range is -20% / +50% over the tenth left: 24.5 to 26.25.
        Estimate late = LiveEta.eta(List.of(new StageState("core", 1, List.of(orders(9_000, 190)))), 190).remaining();
        assertEstimate(late, 25, 24.5, 26.25);
        double earlyWidth = (early.high() - early.low()) / early.seconds(); // (213.125 - 131.75) / 155 = 0.525
        double lateWidth = (late.high() - late.low()) / late.seconds(); // 1.75 / 25 = 0.07
        assertThat(earlyWidth).isCloseTo(0.525, within(EPS));
        assertThat(lateWidth).isCloseTo(0.07, within(EPS));
    }

    @Test
    void aRunningTableWithNothingMeasuredKeepsItsForecastLessTheTimeSpent() {
        Eta eta = LiveEta.eta(List.of(new StageState("core", 1, List.of(orders(0, 30)))), 30);
        assertEstimate(eta.remaining(), 80, 58, 135);
    }

    @Test
    void aFinishedStageHasNothingLeftAndTheNextStartsNow() {
        Eta eta = LiveEta.eta(List.of(
                new StageState("core", 2, List.of(new Done("prod/a", 40), new Done("prod/b", 70))),
                new StageState("rest", 1, List.of(new Pending("prod/c", new Estimate(20, 10, 40))))), 75);
        assertThat(eta.stages().get(0).done()).isTrue();
        assertEstimate(eta.stages().get(0).remaining(), 0, 0, 0);
        // core ended at 70, but rest's table cannot have started before now, 75: 20 s from now.
        assertEstimate(eta.remaining(), 20, 10, 40);
    }

    @Test
    void aTableWithoutAForecastMakesTheEtaUnknown() {
        Eta eta = LiveEta.eta(List.of(new StageState("core", 1, List.of(new Pending("prod/new", null))),
                new StageState("rest", 1, List.of(new Pending("prod/c", new Estimate(20, 10, 40))))), 0);
        assertThat(eta.stages().get(0).remaining()).isNull();
        assertThat(eta.stages().get(1).withoutForecast()).containsExactly("prod/new");
        assertThat(eta.remaining()).isNull();
    }

    /** Estimates compare within rounding: 88 / 110 - 1 is not exactly -0.2 in binary. */
    static void assertEstimate(Estimate actual, double seconds, double low, double high) {
        assertThat(actual).as("estimate").isNotNull();
        assertThat(actual.seconds()).as("most likely").isCloseTo(seconds, within(1e-9));
        assertThat(actual.low()).as("low").isCloseTo(low, within(1e-9));
        assertThat(actual.high()).as("high").isCloseTo(high, within(1e-9));
    }
}
