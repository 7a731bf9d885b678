package dev.rehearsal.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

    private static final Instant START = Instant.parse("2026-01-01T00:30:00Z");

    /** Four backups a day, every six hours, for 120 days. */
    private static List<BackupRef> history() {
        List<BackupRef> refs = new ArrayList<>();
        for (int h = 0; h < 120 * 24; h += 6) {
            refs.add(new BackupRef("prod", "orders", BackupId.at(START.plus(Duration.ofHours(h)))));
        }
        return refs;
    }

    @Test
    void keepsTheLastNAndTheNewestOfEachRecentDayWeekAndMonth() {
        List<BackupRef> all = history();
        RetentionPlan plan = new RetentionPlan(3, 7, 4, 3);
        var keep = plan.keep(all, Optional.empty());

        List<BackupRef> newestFirst = new ArrayList<>(all);
        newestFirst.sort((a, b) -> b.id().compareTo(a.id()));
        assertThat(keep).containsAll(newestFirst.subList(0, 3));
        // 7 days: the newest of each of the last 7 days (the newest day's is already among the last 3).
        long days = keep.stream().map(r -> r.id().time().toString().substring(0, 10)).distinct().count();
        assertThat(days).isGreaterThanOrEqualTo(7);
        // Months: the newest of each of the 3 most recent months is kept.
        assertThat(keep).anyMatch(r -> r.id().time().toString().startsWith("2026-03"))
                .anyMatch(r -> r.id().time().toString().startsWith("2026-02"));
        assertThat(keep.size()).isLessThan(3 + 7 + 4 + 3 + 1);
        assertThat(plan.expired(all, Optional.empty())).hasSize(all.size() - keep.size()).doesNotContainAnyElementsOf(keep);
    }

    @Test
    void theNewestAndTheNewestVerifiedBackupAreNeverExpired() {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            List<BackupRef> all = history().subList(0, 1 + random.nextInt(200));
            BackupRef verified = all.get(random.nextInt(all.size()));
            RetentionPlan plan = new RetentionPlan(1, random.nextInt(3), random.nextInt(3), random.nextInt(3));
            List<BackupRef> expired = plan.expired(all, Optional.of(verified));
            assertThat(expired).doesNotContain(verified, all.get(all.size() - 1));
        }
    }
}
