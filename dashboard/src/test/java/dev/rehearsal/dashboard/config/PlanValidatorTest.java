package dev.rehearsal.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid plan gets one line that starts with the key to fix, as the rest of the configuration does. */
class PlanValidatorTest {

    private static final Map<String, List<String>> TABLES = Map.of(
            "prod", List.of("service-config", "file-metadata", "device-ids", "user-ids", "audit-log"));
    private static final String PLAN = "rehearsal.plans.incident.";

    @Test
    void aValidPlanHasNoProblems() {
        assertThat(ConfigValidatorTest.problems(valid(), TABLES)).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("an uncovered table", set(PLAN + "stages[1].tables[2]", "prod/audit-log"),
                        "rehearsal.plans.incident.stages[1].tables: 'prod/audit-log' names ['prod/audit-log'], not covered"
                                + " by any policy"),
                bad("a table that does not exist", set(PLAN + "stages[0].tables[0]", "prod/service-konfig"),
                        "rehearsal.plans.incident.stages[0].tables: 'prod/service-konfig' matches no covered table"),
                bad("an unknown source", set(PLAN + "stages[0].tables[0]", "staging/service-config"),
                        "rehearsal.plans.incident.stages[0].tables: 'staging/service-config' names unknown source 'staging'"),
                bad("a table in two stages", set(PLAN + "stages[1].tables[2]", "service-*"),
                        "rehearsal.plans.incident.stages[1].tables: table 'prod/service-config' is already in stage"
                                + " 'dashboards'"),
                bad("an empty stage", remove(PLAN + "stages[1].tables"),
                        "rehearsal.plans.incident.stages[1].tables: the stage is empty"),
                bad("objectives that decrease", set(PLAN + "stages[1].objective", "30m"),
                        "rehearsal.plans.incident.stages[1].objective: 30 min is before the objective of the stage before it"
                                + " ('dashboards', 1 h)"),
                bad("a stage without an objective", remove(PLAN + "stages[0].objective"),
                        "rehearsal.plans.incident.stages[0].objective: must be set"),
                bad("a zero objective", set(PLAN + "stages[0].objective", "0s"),
                        "rehearsal.plans.incident.stages[0].objective: must be positive"),
                bad("a stage without a name", remove(PLAN + "stages[0].name"),
                        "rehearsal.plans.incident.stages[0].name: must be set"),
                bad("two stages of one name", set(PLAN + "stages[1].name", "dashboards"),
                        "rehearsal.plans.incident.stages[1].name: stage 'dashboards' is named twice"),
                bad("a concurrency of zero", set(PLAN + "stages[0].concurrency", "0"),
                        "rehearsal.plans.incident.stages[0].concurrency: must be between 1 and 64, was 0"),
                bad("a plan without stages", remove(PLAN + "stages"),
                        "rehearsal.plans.incident.stages: list at least one stage"),
                bad("an invalid drill cron", set(PLAN + "drill-cron", "weekly"),
                        "rehearsal.plans.incident.drill-cron: 'weekly' is not a valid cron expression"),
                bad("plan drills without a sandbox", c -> remove("rehearsal.sandbox.").apply(
                                set("rehearsal.policies.main.drill-cron", "").apply(c)),
                        "rehearsal.plans.incident.drill-cron: rehearsal.sandbox must be set to drill a plan"),
                bad("a target template without the table", set(PLAN + "target-template", "restored"),
                        "rehearsal.plans.incident.target-template: must contain {table}"),
                bad("a plan name with capitals", c -> {
                    Map<String, String> renamed = new LinkedHashMap<>();
                    c.forEach((k, v) -> renamed.put(k.replace(PLAN, "rehearsal.plans.Incident."), v));
                    return renamed;
                }, "rehearsal.plans.Incident: plan names have 1 to 63 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachProblemNamesItsKey(String name, UnaryOperator<Map<String, String>> change, String expected) {
        List<String> problems = ConfigValidatorTest.problems(change.apply(valid()), TABLES);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(expected));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("rehearsal."));
    }

    @Test
    void aSourceThatCouldNotBeListedIsCheckedWhenItAnswers() {
        assertThat(ConfigValidatorTest.problems(set(PLAN + "stages[0].tables[0]", "prod/not-yet-known").apply(valid()),
                Map.of())).isEmpty();
    }

    @Test
    void patternsResolveToCoveredTablesInTheirOrderEachOnce() {
        Set<TableId> covered = new java.util.LinkedHashSet<>(List.of(new TableId("prod", "user-ids"),
                new TableId("prod", "device-ids"), new TableId("pg", "public.orders"), new TableId("pg", "public.user-ids")));
        assertThat(PlanTables.resolve(List.of("prod/device-*", "user-ids", "prod/*-ids"), covered)).containsExactly(
                new TableId("prod", "device-ids"), new TableId("prod", "user-ids"));
        assertThat(PlanTables.resolve(List.of("pg/public.*"), covered)).containsExactly(new TableId("pg", "public.orders"),
                new TableId("pg", "public.user-ids"));
    }

    private static Map<String, String> valid() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("rehearsal.sources.prod.kind", "dynamodb");
        c.put("rehearsal.sources.prod.region", "eu-west-1");
        c.put("rehearsal.stores.disk.type", "filesystem");
        c.put("rehearsal.stores.disk.path", "/var/lib/rehearsal");
        c.put("rehearsal.policies.main.source", "prod");
        c.put("rehearsal.policies.main.tables[0]", "*-ids");
        c.put("rehearsal.policies.main.tables[1]", "service-config");
        c.put("rehearsal.policies.main.tables[2]", "file-metadata");
        c.put("rehearsal.policies.main.store", "disk");
        c.put("rehearsal.policies.main.backup-cron", "0 0 2 * * *");
        c.put("rehearsal.policies.main.drill-cron", "0 0 4 * * *");
        c.put("rehearsal.policies.main.rto", "30m");
        c.put("rehearsal.policies.main.rpo", "26h");
        c.put("rehearsal.sources.prod.exclude[0]", "audit-log");
        c.put("rehearsal.sandbox.endpoint", "http://sandbox:8000");
        c.put("rehearsal.sandbox.region", "eu-west-1");
        c.put("rehearsal.sandbox.prefix", "rehearsal-sandbox-");
        c.put(PLAN + "drill-cron", "0 0 5 * * SAT");
        c.put(PLAN + "stages[0].name", "dashboards");
        c.put(PLAN + "stages[0].tables[0]", "prod/service-config");
        c.put(PLAN + "stages[0].tables[1]", "file-metadata");
        c.put(PLAN + "stages[0].objective", "1h");
        c.put(PLAN + "stages[1].name", "processing");
        c.put(PLAN + "stages[1].tables[0]", "prod/device-ids");
        c.put(PLAN + "stages[1].tables[1]", "prod/user-*");
        c.put(PLAN + "stages[1].objective", "4h");
        c.put(PLAN + "stages[1].concurrency", "2");
        return c;
    }

    private static Arguments bad(String name, UnaryOperator<Map<String, String>> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static UnaryOperator<Map<String, String>> set(String... keysAndValues) {
        return c -> {
            Map<String, String> changed = new LinkedHashMap<>(c);
            for (int i = 0; i < keysAndValues.length; i += 2) {
                changed.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return changed;
        };
    }

    /** Removes a key and everything under it ({@code key.x}, {@code key[0]}). */
    private static UnaryOperator<Map<String, String>> remove(String key) {
        return c -> {
            Map<String, String> changed = new LinkedHashMap<>(c);
            changed.keySet().removeIf(k -> k.equals(key) || k.startsWith(key.endsWith(".") ? key : key + ".")
                    || k.startsWith(key + "["));
            return changed;
        };
    }
}
