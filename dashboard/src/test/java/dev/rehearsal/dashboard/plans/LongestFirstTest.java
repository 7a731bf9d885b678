package dev.rehearsal.dashboard.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.TableId;
import dev.rehearsal.drill.forecast.Estimate;
import dev.rehearsal.drill.plan.PlanStage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run starts each stage's tables in the order the plan forecast assumes: longest first. */
class LongestFirstTest {

    private static final TableId SMALL = new TableId("main", "service-config");
    private static final TableId MEDIUM = new TableId("main", "file-metadata");
    private static final TableId BIG = new TableId("main", "user-ids");
    private static final TableId NEW = new TableId("pg", "shop.orders");

    @Test
    void aStagesTablesStartLongestForecastFirstAndOneNeverDrilledBeforeAll() {
        List<PlanStage> stages = List.of(new PlanStage("processing", Duration.ofHours(1), 2, List.of(SMALL, BIG, NEW, MEDIUM)));
        PlanForecasts.Result forecast = new PlanForecasts.Result(null, Map.of(
                SMALL, new PlanForecasts.TableForecast(new Estimate(5, 4, 8), 1),
                MEDIUM, new PlanForecasts.TableForecast(new Estimate(40, 30, 60), 2),
                BIG, new PlanForecasts.TableForecast(new Estimate(300, 250, 400), 3),
                NEW, new PlanForecasts.TableForecast(null, 0)));

        assertThat(PlanRuns.longestFirst(stages, forecast).get(0).tables()).containsExactly(NEW, BIG, MEDIUM, SMALL);
        assertThat(PlanRuns.longestFirst(stages, null).get(0).tables()).as("no forecast: as configured")
                .containsExactly(SMALL, BIG, NEW, MEDIUM);
    }
}
