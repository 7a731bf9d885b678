package dev.rehearsal.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The alert rules of the chart's PrometheusRule, rendered with {@code ci/monitoring-values.yaml}. */
final class AlertRules {

    static final Path RUNBOOKS = Path.of("..", "docs", "runbooks").toAbsolutePath().normalize();

    record Rule(String alert, String expr, Map<String, Object> labels, Map<String, Object> annotations) {
    }

    private AlertRules() {
    }

    static List<Rule> of(RenderedChart chart) {
        List<Rule> rules = new ArrayList<>();
        for (Object group : Tree.list(chart.one("PrometheusRule"), "spec", "groups")) {
            for (Object r : Tree.list(group, "rules")) {
                rules.add(new Rule(Tree.string(r, "alert"), Tree.string(r, "expr"), Tree.map(r, "labels"),
                        Tree.map(r, "annotations")));
            }
        }
        return rules;
    }

    static List<Rule> rendered() {
        return of(RenderedChart.render("monitoring-values.yaml"));
    }
}
