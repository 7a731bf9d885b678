package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every alert explains itself and links a runbook that exists in docs/runbooks. */
class AlertRulesTest {

    private static final List<String> ALERTS = List.of("RehearsalDrillFailed", "RehearsalNoRecentPassingDrill",
            "RehearsalBackupOlderThanRpo", "RehearsalRtoExceeded", "RehearsalRtoForecastExceeded",
            "RehearsalTableNotCovered", "RehearsalDeletionProtectionDisabled", "RehearsalDown", "RehearsalNotScraped",
            "RehearsalPlanDrillFailed", "RehearsalPlanStageOverObjective", "RehearsalPlanForecastOverObjective");

    @Test
    void theRulesAlertOnEveryConditionTheDaemonMeasures() {
        assertThat(AlertRules.rendered()).extracting(AlertRules.Rule::alert).containsExactlyInAnyOrderElementsOf(ALERTS);
    }

    @Test
    void everyAlertHasASummaryADescriptionASeverityAndItsRunbook() {
        for (AlertRules.Rule rule : AlertRules.rendered()) {
            assertThat(rule.annotations()).as(rule.alert()).containsKeys("summary", "description", "runbook_url");
            assertThat((String) rule.annotations().get("summary")).as(rule.alert()).isNotBlank();
            assertThat((String) rule.annotations().get("description")).as(rule.alert()).isNotBlank();
            assertThat(rule.annotations().get("runbook_url")).as(rule.alert())
                    .isEqualTo("https://docs.example.org/rehearsal/runbooks/" + rule.alert() + ".md");
            assertThat(rule.labels()).as(rule.alert()).containsEntry("team", "storage")
                    .containsKey("severity");
            assertThat(List.of("critical", "warning")).contains((String) rule.labels().get("severity"));
            Path runbook = AlertRules.RUNBOOKS.resolve(rule.alert() + ".md");
            assertThat(runbook).as("runbook of %s", rule.alert()).isRegularFile();
        }
    }

    @Test
    void everyRunbookSaysWhatTheAlertMeansHowToLookAndHowToRestore() throws IOException {
        for (String alert : ALERTS) {
            String runbook = Files.readString(AlertRules.RUNBOOKS.resolve(alert + ".md"));
            assertThat(runbook).as(alert).startsWith("# " + alert)
                    .contains("## What it means", "## How to look", "## How to restore");
        }
    }

    @Test
    void noRunbookIsLeftWithoutItsAlert() throws IOException {
        try (Stream<Path> files = Files.list(AlertRules.RUNBOOKS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("README.md")))
                    .allSatisfy(f -> assertThat(ALERTS).contains(f.replaceFirst("\\.md$", "")));
        }
    }

    @Test
    void everyRuleSelectsOnlyThisReleasesJob() {
        for (AlertRules.Rule rule : AlertRules.rendered()) {
            assertThat(rule.expr()).as(rule.alert()).contains("{job=\"rehearsal\"");
            assertThat(rule.expr().replace("{job=\"rehearsal\"", "")).as(rule.alert()).doesNotContain("{job=");
        }
        List<AlertRules.Rule> renamed = AlertRules.of(RenderedChart.render(List.of("monitoring-values.yaml"),
                Map.of("monitoring.job", "dynamodb-drills")));
        assertThat(renamed).allSatisfy(rule -> assertThat(rule.expr()).contains("{job=\"dynamodb-drills\""));
    }

    @Test
    void everyRuleNamesTheMetricsItSelects() {
        for (AlertRules.Rule rule : AlertRules.rendered()) {
            assertThat(MetricNames.inExpression(rule.expr())).as(rule.alert()).isNotEmpty();
        }
    }
}
