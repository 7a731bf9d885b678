package dev.rehearsal.dashboard.config;

import dev.rehearsal.core.TableId;
import dev.rehearsal.drill.drill.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/**
 * Checks {@code rehearsal.plans.*}: each problem one line starting with its key. A plan's name and
 * stages must be well formed, every pattern must name covered tables (a table that exists but no
 * policy covers is named as such), a table belongs to one stage, objectives never decrease from one
 * stage to the next, and a plan with a drill schedule needs the sandbox. Patterns of a source that
 * could not be listed are checked when it answers.
 */
final class PlanValidator {

    /** Plan names end up in URLs, metric labels and lock names. */
    static final Pattern PLAN_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}");
    private static final int MAX_CONCURRENCY = 64;

    private PlanValidator() {
    }

    static void check(List<String> problems, RehearsalProperties config, Map<String, List<String>> tablesBySource) {
        Map<TableId, String> covered = PlanTables.covered(config, tablesBySource);
        Set<TableId> existing = new HashSet<>();
        tablesBySource.forEach((source, tables) -> tables.forEach(t -> existing.add(new TableId(source, t))));
        boolean unlisted = !tablesBySource.keySet().containsAll(config.sources().keySet());
        config.plans().forEach((name, plan) -> plan(problems, "rehearsal.plans." + name, name, plan, config, covered,
                existing, tablesBySource, unlisted));
    }

    private static void plan(List<String> problems, String key, String name, RehearsalProperties.Plan plan,
            RehearsalProperties config, Map<TableId, String> covered, Set<TableId> existing,
            Map<String, List<String>> tablesBySource, boolean unlisted) {
        if (!PLAN_NAME.matcher(name).matches()) {
            problems.add(key + ": plan names have 1 to 63 characters of a-z, 0-9, '_' and '-' (they appear in URLs and"
                    + " metric labels)");
        }
        if (plan.stages().isEmpty()) {
            problems.add(key + ".stages: list at least one stage, each with a name, tables and an objective");
        }
        if (plan.drillCron() != null && !plan.drillCron().isBlank()) {
            try {
                CronExpression.parse(plan.drillCron());
            } catch (IllegalArgumentException e) {
                problems.add(key + ".drill-cron: '" + plan.drillCron() + "' is not a valid cron expression ("
                        + e.getMessage() + "); use six fields: second minute hour day month weekday");
            }
            if (config.sandbox() == null) {
                problems.add(key + ".drill-cron: rehearsal.sandbox must be set to drill a plan");
            }
        }
        if (plan.targetTemplate() == null || !plan.targetTemplate().contains("{table}")) {
            problems.add(key + ".target-template: must contain {table}, so that each table's target is its own; was '"
                    + plan.targetTemplate() + "'");
        }
        plan.notifiers().forEach((n, settings) -> problems.addAll(
                dev.rehearsal.dashboard.notify.NotifierSettings.problems(key + ".notifiers." + n, settings)));
        Map<TableId, String> stageOf = new HashMap<>();
        Set<String> stageNames = new HashSet<>();
        Duration previous = null;
        String previousName = null;
        for (int i = 0; i < plan.stages().size(); i++) {
            RehearsalProperties.Stage stage = plan.stages().get(i);
            String k = key + ".stages[" + i + "]";
            String label = stage.name() == null ? "#" + (i + 1) : stage.name();
            if (stage.name() == null || !STAGE_NAME.matcher(stage.name()).matches()) {
                problems.add(k + ".name: must be set, 1 to 63 letters, digits, spaces, '_', '.' or '-', saying what the"
                        + " stage brings back (\"dashboards\")");
            } else if (!stageNames.add(stage.name())) {
                problems.add(k + ".name: stage '" + stage.name() + "' is named twice in plan '" + name + "'");
            }
            if (stage.objective() == null) {
                problems.add(k + ".objective: must be set, measured from the plan's start, for example 1h");
            } else if (stage.objective().isZero() || stage.objective().isNegative()) {
                problems.add(k + ".objective: must be positive, was " + stage.objective());
            } else {
                if (previous != null && stage.objective().compareTo(previous) < 0) {
                    problems.add(k + ".objective: " + Durations.of(stage.objective()) + " is before the objective of the"
                            + " stage before it ('" + previousName + "', " + Durations.of(previous) + "); objectives are"
                            + " measured from the plan's start and stages run in order, so they cannot decrease");
                }
                previous = stage.objective();
                previousName = label;
            }
            if (stage.concurrency() < 1 || stage.concurrency() > MAX_CONCURRENCY) {
                problems.add(k + ".concurrency: must be between 1 and " + MAX_CONCURRENCY + ", was " + stage.concurrency());
            }
            if (stage.tables().isEmpty()) {
                problems.add(k + ".tables: the stage is empty; list its tables (source/table, or a glob)");
            }
            for (String pattern : stage.tables()) {
                tables(problems, k + ".tables", label, pattern, config, covered, existing, tablesBySource, unlisted,
                        stageOf);
            }
        }
    }

    private static void tables(List<String> problems, String key, String stage, String pattern,
            RehearsalProperties config, Map<TableId, String> covered, Set<TableId> existing,
            Map<String, List<String>> tablesBySource, boolean unlisted, Map<TableId, String> stageOf) {
        if (pattern == null || pattern.isBlank()) {
            problems.add(key + ": an empty table pattern; write source/table or a table name");
            return;
        }
        String source = PlanTables.source(pattern);
        if (source != null && !config.sources().containsKey(source)) {
            problems.add(key + ": '" + pattern + "' names unknown source '" + source + "'; configured sources: "
                    + config.sources().keySet());
            return;
        }
        if (source != null ? !tablesBySource.containsKey(source) : unlisted && tablesBySource.isEmpty()) {
            return; // its source could not be listed: checked when it answers
        }
        List<TableId> matched = PlanTables.resolve(List.of(pattern), covered.keySet());
        if (matched.isEmpty()) {
            List<TableId> uncovered = PlanTables.resolve(List.of(pattern), existing);
            if (!uncovered.isEmpty()) {
                problems.add(key + ": '" + pattern + "' names " + uncovered.stream().limit(3).map(t -> "'" + t + "'").toList()
                        + (uncovered.size() > 3 ? " and " + (uncovered.size() - 3) + " more" : "")
                        + ", not covered by any policy; a plan restores covered tables only (add them to a policy)");
            } else if (!unlisted || source != null) {
                problems.add(key + ": '" + pattern + "' matches no covered table");
            }
            return;
        }
        for (TableId t : matched) {
            String other = stageOf.putIfAbsent(t, stage);
            if (other != null && !other.equals(stage)) {
                problems.add(key + ": table '" + t + "' is already in stage '" + other + "'; a table belongs to one stage");
            }
        }
    }
}
