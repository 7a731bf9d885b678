package dev.rehearsal.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which backups retention keeps and which it expires, case by case: each case names its history
 * (backup start times, UTC), the plan, the newest verified backup if any, and the exact backups kept
 * and expired.
 */
class RetentionPlanTest {

    /**
     * @param committed the table's committed backups by start time, in the order the plan is given them
     * @param verified  the start time of the newest verified backup, or null
     * @param kept      exactly the backups the plan keeps
     * @param expired   exactly the backups it deletes, oldest first
     */
    record Case(String name, RetentionPlan plan, List<String> committed, String verified, List<String> kept,
            List<String> expired) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("keep-last alone keeps the newest n",
                        new RetentionPlan(3, 0, 0, 0),
                        List.of("2026-03-01T01:00:00Z", "2026-03-01T02:00:00Z", "2026-03-01T03:00:00Z",
                                "2026-03-01T04:00:00Z", "2026-03-01T05:00:00Z"),
                        null,
                        List.of("2026-03-01T03:00:00Z", "2026-03-01T04:00:00Z", "2026-03-01T05:00:00Z"),
                        List.of("2026-03-01T01:00:00Z", "2026-03-01T02:00:00Z")),
                new Case("the order backups are given in does not matter",
                        new RetentionPlan(2, 0, 0, 0),
                        List.of("2026-03-01T05:00:00Z", "2026-03-01T01:00:00Z", "2026-03-01T04:00:00Z",
                                "2026-03-01T02:00:00Z"),
                        null,
                        List.of("2026-03-01T04:00:00Z", "2026-03-01T05:00:00Z"),
                        List.of("2026-03-01T01:00:00Z", "2026-03-01T02:00:00Z")),
                new Case("daily counts days that have backups, and keeps the newest of each",
                        new RetentionPlan(1, 3, 0, 0),
                        List.of("2026-01-01T10:00:00Z", "2026-01-01T20:00:00Z", "2026-01-02T10:00:00Z",
                                "2026-01-02T20:00:00Z", /* no backup on 3 January */ "2026-01-04T10:00:00Z",
                                "2026-01-05T08:00:00Z", "2026-01-05T09:00:00Z"),
                        null,
                        List.of("2026-01-02T20:00:00Z", "2026-01-04T10:00:00Z", "2026-01-05T09:00:00Z"),
                        List.of("2026-01-01T10:00:00Z", "2026-01-01T20:00:00Z", "2026-01-02T10:00:00Z",
                                "2026-01-05T08:00:00Z")),
                new Case("a day is a UTC day: one minute either side of midnight are two days",
                        new RetentionPlan(1, 2, 0, 0),
                        List.of("2026-01-01T23:58:00Z", "2026-01-01T23:59:00Z", "2026-01-02T00:00:00Z",
                                "2026-01-02T00:01:00Z"),
                        null,
                        List.of("2026-01-01T23:59:00Z", "2026-01-02T00:01:00Z"),
                        List.of("2026-01-01T23:58:00Z", "2026-01-02T00:00:00Z")),
                new Case("weeks are ISO weeks: Monday 29 December 2025 is in 2026-W01 with Sunday 4 January",
                        new RetentionPlan(1, 0, 3, 0),
                        List.of("2025-12-21T12:00:00Z" /* 2025-W51 */, "2025-12-28T12:00:00Z" /* Sunday, 2025-W52 */,
                                "2025-12-29T12:00:00Z" /* Monday, 2026-W01 */, "2026-01-04T12:00:00Z" /* Sunday, 2026-W01 */,
                                "2026-01-05T12:00:00Z" /* Monday, 2026-W02 */, "2026-01-11T12:00:00Z" /* Sunday, 2026-W02 */),
                        null,
                        List.of("2025-12-28T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z"),
                        List.of("2025-12-21T12:00:00Z", "2025-12-29T12:00:00Z", "2026-01-05T12:00:00Z")),
                new Case("monthly keeps the newest of each month, months split at UTC midnight",
                        new RetentionPlan(1, 0, 0, 2),
                        List.of("2026-01-15T00:00:00Z", "2026-01-31T23:59:59Z", "2026-02-01T00:00:00Z",
                                "2026-03-10T00:00:00Z", "2026-03-20T00:00:00Z"),
                        null,
                        List.of("2026-02-01T00:00:00Z", "2026-03-20T00:00:00Z"),
                        List.of("2026-01-15T00:00:00Z", "2026-01-31T23:59:59Z", "2026-03-10T00:00:00Z")),
                new Case("a backup kept by two rules is kept once, and the rules do not reach further back for it",
                        new RetentionPlan(2, 2, 0, 0),
                        List.of("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "2026-01-02T10:00:00Z",
                                "2026-01-02T11:00:00Z"),
                        null,
                        List.of("2026-01-01T11:00:00Z", "2026-01-02T10:00:00Z", "2026-01-02T11:00:00Z"),
                        List.of("2026-01-01T10:00:00Z")),
                new Case("the newest verified backup is kept whatever the numbers say",
                        new RetentionPlan(1, 0, 0, 0),
                        List.of("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z",
                                "2026-01-04T00:00:00Z"),
                        "2026-01-02T00:00:00Z",
                        List.of("2026-01-02T00:00:00Z", "2026-01-04T00:00:00Z"),
                        List.of("2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z")),
                new Case("a verified backup that is not among the committed ones keeps nothing more",
                        new RetentionPlan(1, 0, 0, 0),
                        List.of("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"),
                        "2026-01-01T00:00:00Z",
                        List.of("2026-01-03T00:00:00Z"),
                        List.of("2026-01-02T00:00:00Z")),
                new Case("a single backup is kept",
                        new RetentionPlan(1, 0, 0, 0),
                        List.of("2026-01-01T00:00:00Z"),
                        null,
                        List.of("2026-01-01T00:00:00Z"),
                        List.of()),
                new Case("no backups, nothing to keep or expire",
                        new RetentionPlan(3, 7, 4, 6),
                        List.of(),
                        null,
                        List.of(),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsAndExpiresExactlyTheBackupsTheCaseNames(Case c) {
        Map<String, BackupRef> refs = refs(c.committed());
        List<BackupRef> committed = List.copyOf(refs.values());
        Optional<BackupRef> verified = Optional.ofNullable(c.verified())
                .map(v -> refs.containsKey(v) ? refs.get(v) : ref(v));

        assertThat(c.plan().keep(committed, verified)).as("kept").containsExactlyInAnyOrderElementsOf(select(refs, c.kept()));
        assertThat(c.plan().expired(committed, verified)).as("expired").containsExactlyElementsOf(select(refs, c.expired()));
    }

    /** The cases themselves: every backup is either kept or expired, never both, so no case can hide one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseAccountsForEveryBackupOnce(Case c) {
        List<String> both = new ArrayList<>(c.kept());
        both.addAll(c.expired());
        assertThat(both).containsExactlyInAnyOrderElementsOf(c.committed());
    }

    /** Four backups a day, at 00:30, 06:30, 12:30 and 18:30, from 1 January to 30 April 2026 (a Thursday). */
    @Test
    void overFourMonthsOfBackupsEachRuleKeepsExactlyItsShare() {
        Map<String, BackupRef> refs = new LinkedHashMap<>();
        Instant start = Instant.parse("2026-01-01T00:30:00Z");
        for (int h = 0; h < 120 * 24; h += 6) {
            Instant at = start.plus(Duration.ofHours(h));
            refs.put(at.toString(), new BackupRef("prod", "orders", BackupId.at(at)));
        }
        List<BackupRef> committed = List.copyOf(refs.values());
        List<String> kept = List.of(
                // keep-last 3
                "2026-04-30T06:30:00Z", "2026-04-30T12:30:00Z", "2026-04-30T18:30:00Z",
                // daily 7: the newest of 30 April (above) and of the six days before it
                "2026-04-24T18:30:00Z", "2026-04-25T18:30:00Z", "2026-04-26T18:30:00Z", "2026-04-27T18:30:00Z",
                "2026-04-28T18:30:00Z", "2026-04-29T18:30:00Z",
                // weekly 4: W18 (30 April, above), W17 (Sunday 26 April, above), W16 and W15
                "2026-04-12T18:30:00Z", "2026-04-19T18:30:00Z",
                // monthly 3: April (above), March and February
                "2026-02-28T18:30:00Z", "2026-03-31T18:30:00Z");
        RetentionPlan plan = new RetentionPlan(3, 7, 4, 3);

        assertThat(plan.keep(committed, Optional.empty())).containsExactlyInAnyOrderElementsOf(select(refs, kept));
        List<BackupRef> expired = new ArrayList<>(committed);
        expired.removeAll(select(refs, kept));
        assertThat(plan.expired(committed, Optional.empty())).hasSize(480 - 13).containsExactlyElementsOf(expired);
    }

    @Test
    void theNewestAndTheNewestVerifiedBackupAreNeverExpired() {
        Random random = new Random(5);
        List<BackupRef> history = new ArrayList<>();
        for (int h = 0; h < 200 * 6; h += 6) {
            history.add(new BackupRef("prod", "orders", BackupId.at(Instant.parse("2026-01-01T00:30:00Z").plus(Duration.ofHours(h)))));
        }
        for (int round = 0; round < 200; round++) {
            List<BackupRef> all = new ArrayList<>(history.subList(0, 1 + random.nextInt(200)));
            BackupRef newest = all.get(all.size() - 1);
            BackupRef verified = all.get(random.nextInt(all.size()));
            Collections.shuffle(all, random);
            RetentionPlan plan = new RetentionPlan(1, random.nextInt(3), random.nextInt(3), random.nextInt(3));
            List<BackupRef> expired = plan.expired(all, Optional.of(verified));
            assertThat(expired).doesNotContain(verified, newest);
        }
    }

    @Test
    void aPlanKeepsAtLeastOneAndNoPeriodIsNegative() {
        assertThatThrownBy(() -> new RetentionPlan(0, 1, 1, 1)).hasMessage("retention keep-last must be at least 1, was 0");
        assertThatThrownBy(() -> new RetentionPlan(1, -1, 0, 0))
                .hasMessage("retention daily, weekly and monthly must not be negative");
        assertThatThrownBy(() -> new RetentionPlan(1, 0, -1, 0))
                .hasMessage("retention daily, weekly and monthly must not be negative");
        assertThatThrownBy(() -> new RetentionPlan(1, 0, 0, -1))
                .hasMessage("retention daily, weekly and monthly must not be negative");
    }

    private static Map<String, BackupRef> refs(List<String> times) {
        Map<String, BackupRef> refs = new LinkedHashMap<>();
        for (String t : times) {
            refs.put(t, ref(t));
        }
        return refs;
    }

    private static BackupRef ref(String time) {
        return new BackupRef("prod", "orders", BackupId.at(Instant.parse(time)));
    }

    private static List<BackupRef> select(Map<String, BackupRef> refs, List<String> times) {
        return times.stream().map(t -> {
            assertThat(refs).as("the case names a backup it has").containsKey(t);
            return refs.get(t);
        }).toList();
    }
}
