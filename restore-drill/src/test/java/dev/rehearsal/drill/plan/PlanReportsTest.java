package dev.rehearsal.drill.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.TableId;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanReportsTest {

    private static final Instant START = Instant.parse("2026-12-07T05:00:00Z");

    static PlanReport sample() {
        TableOutcome config = new TableOutcome(TableOutcome.Status.VERIFIED, "drill-1", "20261207T030000Z-a1b2c3",
                Instant.parse("2026-12-07T03:00:00Z"), "rh-drill-1-service-config", 1200, 64000, Duration.ofMillis(8400),
                Map.of(Phase.DATA_LOAD, Duration.ofMillis(6000), Phase.VERIFICATION, Duration.ofMillis(2400)),
                List.of(CheckResult.pass("item-count", "1200 items, as the manifest says"),
                        CheckResult.pass("content-digest", "digest matches")), List.of(), "sandbox table was deleted");
        TableOutcome users = new TableOutcome(TableOutcome.Status.FAILED, "drill-2", "20261207T030000Z-d4e5f6",
                Instant.parse("2026-12-07T03:00:00Z"), "rh-drill-2-user-ids", 99, 1000, Duration.ofSeconds(30),
                Map.of(Phase.DATA_LOAD, Duration.ofSeconds(20)),
                List.of(CheckResult.fail("item-count", "99 items restored, the manifest says 100", List.of("key 7 missing"))),
                List.of("item-count failed: 99 items restored | the manifest says 100"), "sandbox table was deleted");
        StageResult one = new StageResult("dashboards", Duration.ofMinutes(60), 2, START, START.plusSeconds(9),
                Duration.ofSeconds(9), List.of(new TableRun(new TableId("main", "service-config"), "dashboards",
                        START.plusMillis(100), START.plusSeconds(9), config)));
        StageResult two = new StageResult("processing", Duration.ofHours(4), 1, START.plusSeconds(9), START.plusSeconds(40),
                null, List.of(new TableRun(new TableId("main", "user-ids"), "processing", START.plusSeconds(9),
                        START.plusSeconds(40), users)));
        PlanResult result = new PlanResult("plan-20261207-x", "incident", Mode.DRILL, START, START.plusSeconds(41),
                PlanResult.Outcome.FAILED, List.of(one, two));
        Map<String, PlanReport.Forecast> forecasts = new LinkedHashMap<>();
        forecasts.put(PlanReport.WHOLE_PLAN, new PlanReport.Forecast(35, 30, 48, "based on 4 plan drills"));
        forecasts.put("dashboards", new PlanReport.Forecast(8, 7, 11, "based on 6 drills; past forecasts were within -8% / +21%"));
        return new PlanReport(result, "schedule", null, forecasts, List.of(
                new PlanReport.Entry(START.plusSeconds(1), "update", "webhook 'ops': STARTED delivered (HTTP 200)", 35.0)));
    }

    @Test
    void theJsonReadsBackAsTheSameReport() {
        PlanReport report = sample();
        PlanReport back = PlanReports.fromJson(PlanReports.json(report));
        assertThat(back).isEqualTo(report);
        assertThat(PlanReports.json(back)).isEqualTo(PlanReports.json(report));
    }

    @Test
    void theJsonSaysWhatEachStageAndTableDidAgainstItsObjective() {
        String json = PlanReports.json(sample());
        assertThat(json).contains("\"objectiveSeconds\" : 3600.0", "\"recoveredAfterSeconds\" : 9.0", "\"objectiveMet\" : true",
                "\"state\" : \"FAILED\"", "\"backupAgeSeconds\" : 7200.0", "\"startedAfterSeconds\" : 0.1",
                "\"outcome\" : \"FAILED\"", "\"etaSeconds\" : 35.0");
    }

    @Test
    void markdownAndHtmlCarryTheStagesTablesChecksAndTimeline() {
        PlanReport report = sample();
        String md = PlanReports.markdown(report);
        assertThat(md).startsWith("# Plan drill incident plan-20261207-x: FAILED")
                .contains("| dashboards | RECOVERED, within objective | 9.0 s | 1 h |")
                .contains("| processing | FAILED, objective missed | — | 4 h |")
                .contains("**FAIL** item-count: 99 items restored, the manifest says 100")
                .contains("main/user-ids FAILED: item-count failed: 99 items restored \\| the manifest says 100")
                .contains("(ETA given: 35 s)")
                .contains("main/user-ids FAILED");
        assertThat(md.indexOf("main/service-config started")).isLessThan(md.indexOf("main/user-ids started"));
        String html = PlanReports.html(report);
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").contains("class=\"bar bad\"")
                .contains("<code>main/service-config</code>").contains("based on 4 plan drills");
    }
}
