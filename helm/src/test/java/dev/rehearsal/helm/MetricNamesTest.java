package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The PromQL reading that the alert and dashboard checks rely on. */
class MetricNamesTest {

    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of("a bare selector", "up{job=\"rehearsal\"} == 0", Set.of("up")),
                Arguments.of("absent", "absent(up{job=\"rehearsal\"})", Set.of("up")),
                Arguments.of("grouping and a join", """
                        min by (source, table) (rehearsal_backup_age_seconds{job="r"})
                          > on (source, table)
                        max by (source, table) (rehearsal_rpo_objective_seconds{job="r"})""",
                        Set.of("rehearsal_backup_age_seconds", "rehearsal_rpo_objective_seconds")),
                Arguments.of("a range, a regex matcher and a number", """
                        sum by (outcome) (increase(rehearsal_drill_runs_total{outcome=~"failed|error", table=~"$table"}[6h])) > 0.5""",
                        Set.of("rehearsal_drill_runs_total")),
                Arguments.of("a Grafana interval and or vector", "count(x_total[$__rate_interval]) or vector(0)",
                        Set.of("x_total")),
                Arguments.of("grouping after the aggregation", "sum(rate(a_total[5m])) without (instance) / ignoring(x) b",
                        Set.of("a_total", "b")),
                Arguments.of("numbers with exponents, offsets and bool", "a > bool 1e6 and b offset 5m", Set.of("a", "b")),
                Arguments.of("a misspelt name is still a name", "rehersal_rto_met == 0", Set.of("rehersal_rto_met")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void namesTheMetricsAnExpressionSelects(String name, String expr, Set<String> expected) {
        assertThat(MetricNames.inExpression(expr)).isEqualTo(expected);
    }

    @Test
    void aGrafanaLabelValuesQueryNamesItsSelectorsMetric() {
        assertThat(MetricNames.inGrafanaVariable("label_values(rehearsal_rto_objective_seconds{job=~\"$job\"}, source)"))
                .containsExactly("rehearsal_rto_objective_seconds");
    }

    @Test
    void aScrapeNamesEverySample() {
        String scrape = """
                # HELP rehearsal_restore_duration_seconds Measured recovery time
                # TYPE rehearsal_restore_duration_seconds histogram
                rehearsal_restore_duration_seconds_bucket{source="demo",table="t",le="1.0"} 0
                rehearsal_restore_duration_seconds_count{source="demo",table="t"} 1
                process_uptime_seconds 12.5
                """;
        assertThat(MetricNames.inScrape(scrape)).containsExactlyInAnyOrder("rehearsal_restore_duration_seconds_bucket",
                "rehearsal_restore_duration_seconds_count", "process_uptime_seconds");
    }
}
