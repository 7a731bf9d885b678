package dev.rehearsal.dashboard.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.RtoForecast.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtoForecastTest {

    @Test
    void withoutDrillsThereIsNoForecast() {
        assertThat(RtoForecast.forecast(List.of(), 1_000)).isEmpty();
        assertThat(RtoForecast.forecast(List.of(new Sample(100, 5, 3)), -1)).as("size unknown").isEmpty();
    }

    @Test
    void oneDrillScalesItsDataLoadToTheCurrentSizeAndKeepsTheRest() {
        // 10 s in all, 6 s of it loading 1,000 items: 4 s fixed; twice the items, twice the load.
        var f = RtoForecast.forecast(List.of(new Sample(1_000, 10, 6)), 2_000).orElseThrow();
        assertThat(f.seconds()).isCloseTo(16.0, within(1e-9));
        assertThat(f.drills()).isEqualTo(1);
        assertThat(f.method()).contains("newest drill");
        // A table that shrank restores faster, but never faster than the fixed part.
        assertThat(RtoForecast.forecast(List.of(new Sample(1_000, 10, 6)), 0).orElseThrow().seconds()).isEqualTo(4.0);
    }

    @Test
    void drillsOverSeveralSizesAreFittedWithALine() {
        // recovery = 3 s + 0.002 s per item, exactly, over three sizes (newest first).
        List<Sample> drills = List.of(new Sample(4_000, 11, 8), new Sample(2_000, 7, 4), new Sample(1_000, 5, 2));
        var f = RtoForecast.forecast(drills, 10_000).orElseThrow();
        assertThat(f.seconds()).isCloseTo(23.0, within(1e-9));
        assertThat(f.drills()).isEqualTo(3);
        assertThat(f.method()).contains("linear fit");
    }

    @Test
    void aFitThatWouldGetFasterWithSizeIsNotUsed() {
        // Noise: the biggest drill was the quickest. The slope is negative; fall back to the newest drill.
        List<Sample> drills = List.of(new Sample(3_000, 4, 2), new Sample(2_000, 9, 6), new Sample(1_000, 12, 8));
        var f = RtoForecast.forecast(drills, 6_000).orElseThrow();
        assertThat(f.method()).contains("newest drill");
        assertThat(f.seconds()).isCloseTo(2 + 2 * 2.0, within(1e-9));
    }

    @Test
    void theDrillWindowIsTwiceTheScheduleIntervalPlusTheRtoUnlessSet() {
        RehearsalProperties.Policy nightly = new RehearsalProperties.Policy("s", List.of("t"), "disk", "0 0 1 * * *",
                "0 0 4 * * *", null, Duration.ofMinutes(30), Duration.ofHours(26), false, 20, 0, null, null, null, null);
        assertThat(CoverageAudit.drillMaxAge(nightly, Instant.parse("2026-11-21T12:00:00Z")))
                .isEqualTo(Duration.ofHours(48).plusMinutes(30).toSeconds());
        RehearsalProperties.Policy set = new RehearsalProperties.Policy("s", List.of("t"), "disk", "0 0 1 * * *",
                "0 0 4 * * *", null, Duration.ofMinutes(30), Duration.ofHours(26), false, 20, 0, Duration.ofDays(8), null, null, null);
        assertThat(CoverageAudit.drillMaxAge(set, Instant.now())).isEqualTo(Duration.ofDays(8).toSeconds());
        RehearsalProperties.Policy never = new RehearsalProperties.Policy("s", List.of("t"), "disk", "0 0 1 * * *",
                null, null, Duration.ofMinutes(30), Duration.ofHours(26), false, 20, 0, null, null, null, null);
        assertThat(CoverageAudit.drillMaxAge(never, Instant.now())).isNull();
    }
}
