package dev.rehearsal.dashboard.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecast's own cases are in restore-drill's {@code ForecasterTest}; the audit's drill window is here. */
class CoverageAuditTest {

    @Test
    void theDrillWindowIsTwiceTheScheduleIntervalPlusTheRtoUnlessSet() {
        RehearsalProperties.Policy nightly = new RehearsalProperties.Policy("s", List.of("t"), "disk", "0 0 1 * * *",
                "0 0 4 * * *", null, Duration.ofMinutes(30), Duration.ofHours(26), false, 20, 0, 0, null, null, null, null, null);
        assertThat(CoverageAudit.drillMaxAge(nightly, Instant.parse("2026-11-21T12:00:00Z")))
                .isEqualTo(Duration.ofHours(48).plusMinutes(30).toSeconds());
        RehearsalProperties.Policy set = new RehearsalProperties.Policy("s", List.of("t"), "disk", "0 0 1 * * *",
                "0 0 4 * * *", null, Duration.ofMinutes(30), Duration.ofHours(26), false, 20, 0, 0, Duration.ofDays(8), null, null, null, null);
        assertThat(CoverageAudit.drillMaxAge(set, Instant.now())).isEqualTo(Duration.ofDays(8).toSeconds());
        RehearsalProperties.Policy never = new RehearsalProperties.Policy("s", List.of("t"), "disk", "0 0 1 * * *",
                null, null, Duration.ofMinutes(30), Duration.ofHours(26), false, 20, 0, 0, null, null, null, null, null);
        assertThat(CoverageAudit.drillMaxAge(never, Instant.now())).isNull();
    }
}
