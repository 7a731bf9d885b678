package dev.rehearsal.drill.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The metrics as Prometheus scrapes them: a real {@link PrometheusMeterRegistry}, its text output
 * parsed line by line, and every series name and label asserted exactly as dashboards and alerts
 * will spell them.
 */
class DrillMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-21T16:00:00Z");
    private static final Duration RTO = Duration.ofMinutes(30);
    private static final List<String> PHASES = List.of("integrity-check", "table-create", "data-load", "index-build",
            "verification", "cleanup");
    private static final List<String> CHECKS = List.of("item-count", "content-digest", "schema", "spot-check", "canary");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MutableClock clock = new MutableClock(T0);
    private final DrillMetrics metrics = new DrillMetrics(registry, clock);

    @Test
    void registerCreatesEverySeriesOfATableAtZeroLabelledWithSourceAndTable() {
        metrics.register("local", "orders", RTO);
        Scrape s = scrape();

        assertThat(s.families()).containsExactlyInAnyOrder(
                "rehearsal_drill_runs_total",
                "rehearsal_drill_last_outcome",
                "rehearsal_drill_last_success_timestamp_seconds",
                "rehearsal_restore_duration_seconds",
                "rehearsal_restore_duration_seconds_max",
                "rehearsal_drill_phase_duration_seconds",
                "rehearsal_drill_check_passed",
                "rehearsal_rto_objective_seconds",
                "rehearsal_rto_met",
                "rehearsal_backup_age_seconds",
                "rehearsal_restore_items_per_second");
        assertThat(s.samples()).allSatisfy(x -> assertThat(x.labels())
                .containsEntry("source", "local").containsEntry("table", "orders"));

        for (String outcome : List.of("passed", "failed", "error")) {
            assertThat(s.value("rehearsal_drill_runs_total", "outcome", outcome)).isZero();
        }
        assertThat(s.labelValues("rehearsal_drill_runs_total", "outcome")).containsExactlyInAnyOrder("passed", "failed", "error");
        assertThat(s.value("rehearsal_drill_last_outcome")).isZero();
        assertThat(s.value("rehearsal_drill_last_success_timestamp_seconds")).isZero();
        assertThat(s.value("rehearsal_restore_duration_seconds_count")).isZero();
        assertThat(s.value("rehearsal_restore_duration_seconds_sum")).isZero();
        assertThat(s.buckets("rehearsal_restore_duration_seconds")).hasSizeGreaterThan(10)
                .containsKey(Double.POSITIVE_INFINITY).allSatisfy((le, count) -> assertThat(count).isZero());
        assertThat(s.labelValues("rehearsal_drill_phase_duration_seconds", "phase")).containsExactlyInAnyOrderElementsOf(PHASES);
        PHASES.forEach(p -> assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", p)).isZero());
        assertThat(s.labelValues("rehearsal_drill_check_passed", "check")).containsExactlyInAnyOrderElementsOf(CHECKS);
        CHECKS.forEach(c -> assertThat(s.value("rehearsal_drill_check_passed", "check", c)).isZero());
        assertThat(s.value("rehearsal_rto_objective_seconds")).isEqualTo(1800.0);
        assertThat(s.value("rehearsal_rto_met")).isZero();
        // Documented: NaN until a backup is known, because 0 would claim a backup taken just now.
        assertThat(s.value("rehearsal_backup_age_seconds")).isNaN();
        assertThat(s.value("rehearsal_restore_items_per_second")).isZero();
    }

    @Test
    void aPassedDrillWithinTheObjectiveSetsEverySeries() {
        metrics.register("local", "orders", RTO);
        DrillResult passed = result(Outcome.PASSED, T0, Duration.ofSeconds(20), allChecks(true));
        clock.set(passed.finishedAt());
        metrics.drillFinished(passed);
        Scrape s = scrape();

        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "passed")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "failed")).isZero();
        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "error")).isZero();
        assertThat(s.value("rehearsal_drill_last_outcome")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_last_success_timestamp_seconds"))
                .isEqualTo(passed.finishedAt().toEpochMilli() / 1000.0);
        assertThat(s.value("rehearsal_restore_duration_seconds_count")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_restore_duration_seconds_sum")).isCloseTo(20.0, within(1e-6));
        s.buckets("rehearsal_restore_duration_seconds")
                .forEach((le, count) -> assertThat(count).as("le=%s", le).isEqualTo(le >= 20.0 ? 1.0 : 0.0));
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "integrity-check")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "table-create")).isEqualTo(2.0);
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "data-load")).isEqualTo(10.0);
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "index-build")).isEqualTo(3.0);
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "verification")).isEqualTo(4.0);
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "cleanup")).isEqualTo(0.5);
        for (String c : List.of("item-count", "content-digest", "schema", "spot-check")) {
            assertThat(s.value("rehearsal_drill_check_passed", "check", c)).as(c).isEqualTo(1.0);
        }
        assertThat(s.value("rehearsal_drill_check_passed", "check", "canary")).as("no canary configured").isZero();
        assertThat(s.value("rehearsal_rto_objective_seconds")).isEqualTo(1800.0);
        assertThat(s.value("rehearsal_rto_met")).isEqualTo(1.0);
        // The backup was two hours old when the drill started; the clock now reads the drill's end.
        assertThat(s.value("rehearsal_backup_age_seconds")).isEqualTo(2 * 3600 + 20.5);
        assertThat(s.value("rehearsal_restore_items_per_second")).isEqualTo(100.0);
    }

    @Test
    void aFailedDrillAfterAPassedOneTurnsTheVerdictSeriesToZeroAndKeepsTheLastSuccess() {
        metrics.register("local", "orders", RTO);
        DrillResult passed = result(Outcome.PASSED, T0, Duration.ofSeconds(20), allChecks(true));
        metrics.drillFinished(passed);
        List<CheckResult> checks = new ArrayList<>(allChecks(true));
        checks.set(0, CheckResult.fail("item-count", "backup has 1000 items, restored table has 999", List.of()));
        checks.set(1, CheckResult.fail("content-digest", "digests differ", List.of("missing: {\"pk\":{\"S\":\"a\"}}")));
        DrillResult failed = result(Outcome.FAILED, T0.plus(Duration.ofHours(1)), Duration.ofSeconds(25), checks);
        metrics.drillFinished(failed);
        Scrape s = scrape();

        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "passed")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "failed")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "error")).isZero();
        assertThat(s.value("rehearsal_drill_last_outcome")).isZero();
        assertThat(s.value("rehearsal_drill_last_success_timestamp_seconds")).isEqualTo(passed.finishedAt().toEpochMilli() / 1000.0);
        assertThat(s.value("rehearsal_rto_met")).as("failed within the objective is not met").isZero();
        assertThat(s.value("rehearsal_drill_check_passed", "check", "item-count")).isZero();
        assertThat(s.value("rehearsal_drill_check_passed", "check", "content-digest")).isZero();
        assertThat(s.value("rehearsal_drill_check_passed", "check", "schema")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_check_passed", "check", "spot-check")).isEqualTo(1.0);
        // The restore itself completed: its time is a recovery time measured, whatever the checks found.
        assertThat(s.value("rehearsal_restore_duration_seconds_count")).isEqualTo(2.0);
        assertThat(s.value("rehearsal_restore_duration_seconds_sum")).isCloseTo(45.0, within(1e-6));
    }

    @Test
    void aPassedDrillOverTheObjectiveOrWithoutOneIsNotMet() {
        metrics.register("local", "slow", Duration.ofSeconds(10));
        metrics.register("local", "unset", null);
        metrics.drillFinished(result("slow", Outcome.PASSED, T0, Duration.ofSeconds(20), allChecks(true)));
        metrics.drillFinished(result("unset", Outcome.PASSED, T0, Duration.ofSeconds(20), allChecks(true)));
        Scrape s = scrape();

        assertThat(s.value("rehearsal_drill_last_outcome", "table", "slow")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_rto_objective_seconds", "table", "slow")).isEqualTo(10.0);
        assertThat(s.value("rehearsal_rto_met", "table", "slow")).isZero();
        assertThat(s.value("rehearsal_rto_objective_seconds", "table", "unset")).isNaN();
        assertThat(s.value("rehearsal_rto_met", "table", "unset")).isZero();

        metrics.drillFinished(result("slow", Outcome.PASSED, T0, Duration.ofSeconds(10), allChecks(true)));
        assertThat(scrape().value("rehearsal_rto_met", "table", "slow")).as("exactly at the objective").isEqualTo(1.0);
    }

    @Test
    void aDrillThatErredLeavesNoCheckReportedAsPassed() {
        metrics.register("local", "orders", RTO);
        metrics.drillFinished(result(Outcome.PASSED, T0, Duration.ofSeconds(20), allChecks(true)));
        DrillResult erred = new DrillResult("20261121t170000-abcdef", "local", "orders", null, null, null,
                "http://127.0.0.1:1", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)).plusSeconds(1),
                Outcome.ERROR, Map.of(Phase.INTEGRITY_CHECK, Duration.ofSeconds(1)), List.of(), null, 0, 0,
                List.of("store unreachable"), List.of());
        metrics.drillFinished(erred);
        Scrape s = scrape();

        assertThat(s.value("rehearsal_drill_runs_total", "outcome", "error")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_last_outcome")).isZero();
        assertThat(s.value("rehearsal_rto_met")).isZero();
        // "1 if the check passed in the last drill": the last drill ran none.
        CHECKS.forEach(c -> assertThat(s.value("rehearsal_drill_check_passed", "check", c)).as(c).isZero());
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "integrity-check")).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_phase_duration_seconds", "phase", "data-load")).isZero();
        assertThat(s.value("rehearsal_restore_duration_seconds_count")).as("an erred drill adds no recovery time").isEqualTo(1.0);
    }

    @Test
    void backupAgeIsNaNUntilABackupIsKnownThenGrowsWithTheClockAndIgnoresOlderBackups() {
        metrics.register("local", "orders", RTO);
        assertThat(scrape().value("rehearsal_backup_age_seconds")).isNaN();

        metrics.newestBackup("local", "orders", T0.minus(Duration.ofMinutes(10)));
        assertThat(scrape().value("rehearsal_backup_age_seconds")).isEqualTo(600.0);
        clock.set(T0.plus(Duration.ofMinutes(5)));
        assertThat(scrape().value("rehearsal_backup_age_seconds")).isEqualTo(900.0);
        metrics.newestBackup("local", "orders", T0.minus(Duration.ofDays(1)));
        assertThat(scrape().value("rehearsal_backup_age_seconds")).as("an older backup changes nothing").isEqualTo(900.0);
        metrics.newestBackup("local", "orders", T0);
        assertThat(scrape().value("rehearsal_backup_age_seconds")).isEqualTo(300.0);
    }

    @Test
    void eachTableHasItsOwnSeries() {
        metrics.register("local", "orders", RTO);
        metrics.register("eu", "orders", RTO);
        metrics.drillFinished(result(Outcome.PASSED, T0, Duration.ofSeconds(20), allChecks(true)));
        Scrape s = scrape();

        assertThat(s.value("rehearsal_drill_runs_total", Map.of("source", "local", "outcome", "passed"))).isEqualTo(1.0);
        assertThat(s.value("rehearsal_drill_runs_total", Map.of("source", "eu", "outcome", "passed"))).isZero();
        assertThat(s.value("rehearsal_drill_last_outcome", "source", "eu")).isZero();
        assertThat(s.value("rehearsal_backup_age_seconds", "source", "eu")).isNaN();
    }

    private Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    private static List<CheckResult> allChecks(boolean passed) {
        List<CheckResult> checks = new ArrayList<>();
        for (String c : List.of("item-count", "content-digest", "schema", "spot-check")) {
            checks.add(passed ? CheckResult.pass(c, "ok") : CheckResult.fail(c, "not ok", List.of()));
        }
        return checks;
    }

    private static DrillResult result(Outcome outcome, Instant start, Duration recovery, List<CheckResult> checks) {
        return result("orders", outcome, start, recovery, checks);
    }

    /**
     * A drill of 1,000 items with fixed phase times (a 10 s data load, so 100 items/s) of a backup
     * two hours old; the recovery time is given apart, as an objective test needs it exact.
     */
    private static DrillResult result(String table, Outcome outcome, Instant start, Duration recovery,
            List<CheckResult> checks) {
        Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
        phases.put(Phase.INTEGRITY_CHECK, Duration.ofSeconds(1));
        phases.put(Phase.TABLE_CREATE, Duration.ofSeconds(2));
        phases.put(Phase.DATA_LOAD, Duration.ofSeconds(10));
        phases.put(Phase.INDEX_BUILD, Duration.ofSeconds(3));
        phases.put(Phase.VERIFICATION, Duration.ofSeconds(4));
        phases.put(Phase.CLEANUP, Duration.ofMillis(500));
        return new DrillResult("20261121t160000-abcdef", "local", table, "20261121T140000.000Z-0a1b2c3d",
                Duration.ofHours(2), "rehearsal-sandbox-" + table + "-20261121t160000-abcdef", "http://127.0.0.1:1",
                start, start.plus(Duration.ofMillis(20_500)), outcome, phases, checks, recovery, 1_000, 100_000,
                outcome == Outcome.PASSED ? List.of() : List.of("item-count failed"), List.of());
    }

    /** One line of the text format: a sample of a series. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Prometheus text exposition, parsed: {@code # TYPE} lines give the families, the rest the samples. */
    record Scrape(Set<String> families, List<Sample> samples) {

        private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Scrape parse(String text) {
            Set<String> families = new TreeSet<>();
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    families.add(line.split(" ")[2]);
                    continue;
                }
                if (line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as("a sample line: %s", line).isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, parseValue(m.group(3))));
            }
            return new Scrape(families, samples);
        }

        private static double parseValue(String v) {
            return switch (v) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
        }

        double value(String name) {
            return value(name, Map.of());
        }

        double value(String name, String label, String labelValue) {
            return value(name, Map.of(label, labelValue));
        }

        /** The one sample of {@code name} whose labels include {@code labels}. */
        double value(String name, Map<String, String> labels) {
            List<Sample> found = samples.stream().filter(s -> s.name().equals(name))
                    .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
            assertThat(found).as("samples of %s with %s", name, labels).hasSize(1);
            return found.get(0).value();
        }

        Set<String> labelValues(String name, String label) {
            return samples.stream().filter(s -> s.name().equals(name)).map(s -> s.labels().get(label))
                    .collect(Collectors.toSet());
        }

        /** A histogram's buckets, upper bound to cumulative count. */
        Map<Double, Double> buckets(String name) {
            Map<Double, Double> buckets = new LinkedHashMap<>();
            samples.stream().filter(s -> s.name().equals(name + "_bucket"))
                    .forEach(s -> buckets.put(parseValue(s.labels().get("le")), s.value()));
            return buckets;
        }
    }

    /** A clock the test moves by hand, for the backup age. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
