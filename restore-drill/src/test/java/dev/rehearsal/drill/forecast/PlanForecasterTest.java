package dev.rehearsal.drill.forecast;

import static dev.rehearsal.drill.forecast.Drills.day;
import static dev.rehearsal.drill.forecast.Drills.drill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rehearsal.drill.forecast.PlanForecaster.PlanForecast;
import dev.rehearsal.drill.forecast.PlanForecaster.PlanSample;
import dev.rehearsal.drill.forecast.PlanForecaster.StageInput;
import dev.rehearsal.drill.forecast.PlanForecaster.TableInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanForecasterTest {

    private static final double EPS = 1e-9;

    /** A table with one drill of 1,000 items that was all load: its forecast at 1,000 items is that drill's time. */
    private static TableInput oneDrill(String id, double seconds) {
        return new TableInput(id, List.of(drill(1, 1_000, seconds, seconds)), 1_000);
    }

    @Test
    void aStageSchedulesItsTablesLongestFirstOntoItsConcurrency() {
        StageInput core = new StageInput("core", 2, List.of(oneDrill("prod/a", 10), oneDrill("prod/b", 10),
                oneDrill("prod/c", 10), oneDrill("prod/d", 30)));
        PlanForecast f = PlanForecaster.forecast(List.of(core), List.of());
        // Longest first on two slots: 30 on one; 10, 10, 10 on the other: 30 s. (In the order given, the 30 s
        // table would start last, at 20 s, and end at 50; with three 10s first on both slots, 40.)
        assertThat(f.estimate().seconds()).isCloseTo(30.0, within(EPS));
        // No plan drills: the range schedules the tables' own ends, each a single drill's default -50% / +100%:
        // lows 15, 5, 5, 5 -> 15; highs 60, 20, 20, 20 -> 60.
        assertThat(f.estimate().low()).isCloseTo(15.0, within(EPS));
        assertThat(f.estimate().high()).isCloseTo(60.0, within(EPS));
        assertThat(f.method()).contains("low and high ends");
        assertThat(f.words()).contains("0 plan drills").contains("low and high ends");

        assertThat(PlanForecaster.forecast(List.of(new StageInput("core", 1, core.tables())), List.of())
                .estimate().seconds()).as("one at a time: 10 + 10 + 10 + 30").isCloseTo(60.0, within(EPS));
        assertThat(PlanForecaster.forecast(List.of(new StageInput("core", 4, core.tables())), List.of())
                .estimate().seconds()).as("all at once: the longest").isCloseTo(30.0, within(EPS));
    }

    @Test
    void stagesRunOneAfterAnotherAndEachIsTimedFromThePlansStart() {
        StageInput core = new StageInput("core", 2, List.of(oneDrill("prod/a", 10), oneDrill("prod/b", 10),
                oneDrill("prod/c", 10), oneDrill("prod/d", 30)));
        StageInput rest = new StageInput("rest", 1, List.of(oneDrill("prod/e", 20), oneDrill("prod/f", 5)));
        PlanForecast f = PlanForecaster.forecast(List.of(core, rest), List.of());
        assertThat(f.stages()).extracting(PlanForecaster.StageForecast::stage).containsExactly("core", "rest");
        assertEstimate(f.stages().get(0).estimate(), 30, 15, 60);
        // rest: 30 + 20 + 5 = 55; its low 15 + 10 + 2.5 = 27.5; its high 60 + 40 + 10 = 110.
        assertEstimate(f.stages().get(1).estimate(), 55, 27.5, 110);
        assertThat(f.estimate()).isEqualTo(f.stages().get(1).estimate());
    }

    @Test
    void aTableWithoutHistoryMakesItsStageAndEveryLaterOneUnknown() {
        StageInput first = new StageInput("first", 1, List.of(oneDrill("prod/a", 10)));
        StageInput second = new StageInput("second", 2, List.of(oneDrill("prod/b", 10),
                new TableInput("prod/orders", List.of(), 5_000)));
        StageInput third = new StageInput("third", 1, List.of(oneDrill("prod/c", 10)));
        PlanForecast f = PlanForecaster.forecast(List.of(first, second, third), List.of());
        assertThat(f.stages().get(0).known()).isTrue();
        assertThat(f.stages().get(0).estimate().seconds()).isCloseTo(10.0, within(EPS));
        assertThat(f.stages().get(1).known()).isFalse();
        assertThat(f.stages().get(1).withoutHistory()).containsExactly("prod/orders");
        assertThat(f.stages().get(2).known()).as("timed from the plan's start, it waits on the unknown stage").isFalse();
        assertThat(f.stages().get(2).withoutHistory()).containsExactly("prod/orders");
        assertThat(f.known()).isFalse();
        assertThat(f.withoutHistory()).containsExactly("prod/orders");
        assertThat(f.words()).isEqualTo("unknown: no drill history for prod/orders");
    }

    @Test
    void aConcurrencyBelowOneIsRefusedNamingTheStage() {
        assertThatThrownBy(() -> new StageInput("core", 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("stage 'core': concurrency");
    }

    /**
     * Two tables restored one at a time. a: 10 s per 1,000 items, all load; b: 20 s per 1,000 items. Each
     * drilled nightly on days 1 to 6 at 1,000 items, so any forecast from them is 10 s per 1,000 for a and 20 s for b.
     */
    private static List<StageInput> twoTables(long aItemsToday) {
        List<Sample> a = new ArrayList<>();
        List<Sample> b = new ArrayList<>();
        for (int d = 1; d <= 6; d++) {
            a.add(drill(d, 1_000, 10, 10));
            b.add(drill(d, 1_000, 20, 20));
        }
        return List.of(new StageInput("all", 1, List.of(new TableInput("prod/a", a, aItemsToday),
                new TableInput("prod/b", b, 1_000))));
    }

    @Test
    void thePlanIsBacktestedOverItsOwnPastDrills() {
        List<PlanSample> planDrills = List.of(
                new PlanSample(day(0.5), Map.of("all", 31.0), Map.of("prod/a", 1_000L, "prod/b", 1_000L)),
                new PlanSample(day(2.5), Map.of("all", 33.0), Map.of("prod/a", 1_000L, "prod/b", 1_000L)),
                new PlanSample(day(3.5), Map.of("all", 27.0), Map.of("prod/a", 1_000L, "prod/b", 1_000L)),
                new PlanSample(day(4.5), Map.of("all", 36.0), Map.of("prod/a", 1_000L, "prod/b", 1_000L)),
                new PlanSample(day(5.5), Map.of("all", 55.0), Map.of("prod/a", 3_000L, "prod/b", 1_000L)));
        Backtest bt = PlanForecaster.backtest(twoTables(2_000), planDrills).get("all");
        // Day 0.5 came before any table drill: nothing to forecast from. Then 10 + 20 = 30 three times, and at
        // day 5.5, when a had 3,000 items: 30 + 20 = 50. Errors: +0.1, -0.1, +0.2, +0.1.
        assertThat(bt.points()).extracting(Backtest.Point::at).containsExactly(day(2.5), day(3.5), day(4.5), day(5.5));
        assertThat(bt.points()).extracting(Backtest.Point::predicted).containsExactly(30.0, 30.0, 30.0, 50.0);
        assertThat(bt.errors().get(0)).isCloseTo(0.1, within(EPS));
        assertThat(bt.errors().get(1)).isCloseTo(-0.1, within(EPS));
        assertThat(bt.errors().get(2)).isCloseTo(0.2, within(EPS));
        assertThat(bt.errors().get(3)).isCloseTo(0.1, within(EPS));

        PlanForecast f = PlanForecaster.forecast(twoTables(2_000), planDrills);
        // Today a has 2,000 items: 20 + 20 = 40 s. Errors sorted -0.1, 0.1, 0.1, 0.2: p10 at rank 0.3 is
        // -0.1 + 0.3 * 0.2 = -0.04; p90 at rank 2.7 is 0.1 + 0.7 * 0.1 = 0.17. So 38.4 to 46.8 s.
        assertThat(f.estimate().seconds()).isCloseTo(40.0, within(EPS));
        assertThat(f.estimate().low()).isCloseTo(38.4, within(1e-6));
        assertThat(f.estimate().high()).isCloseTo(46.8, within(1e-6));
        assertThat(f.accuracy().measured()).isTrue();
        assertThat(f.accuracy().medianAbsoluteError()).isCloseTo(0.1, within(EPS));
        assertThat(f.method()).contains("backtesting the plan");
        assertThat(f.words()).isEqualTo("based on 5 plan drills; past forecasts were within \u22124% / +17%"
                + " (10th to 90th percentile of 4 backtests)");
    }

    @Test
    void aPlanDrillSeesOnlyTableDrillsStrictlyBeforeIt() {
        // The plan drill started the instant a's first drill finished: that drill is not history yet.
        List<PlanSample> planDrills = List.of(new PlanSample(day(1), Map.of("all", 30.0),
                Map.of("prod/a", 1_000L, "prod/b", 1_000L)));
        assertThat(PlanForecaster.backtest(twoTables(1_000), planDrills).get("all").points()).isEmpty();
    }

    /** Estimates compare within rounding: 88 / 110 - 1 is not exactly -0.2 in binary. */
    static void assertEstimate(Estimate actual, double seconds, double low, double high) {
        assertThat(actual).as("estimate").isNotNull();
        assertThat(actual.seconds()).as("most likely").isCloseTo(seconds, within(1e-9));
        assertThat(actual.low()).as("low").isCloseTo(low, within(1e-9));
        assertThat(actual.high()).as("high").isCloseTo(high, within(1e-9));
    }
}
