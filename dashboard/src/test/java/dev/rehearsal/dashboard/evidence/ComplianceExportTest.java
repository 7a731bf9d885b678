package dev.rehearsal.dashboard.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The export's arithmetic and its CSV, without a daemon. */
class ComplianceExportTest {

    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-10-31T00:00:00Z");

    static Stream<Arguments> gaps() {
        return Stream.of(
                Arguments.of("no passing drill: the whole period", List.of(), 30 * 86_400.0),
                Arguments.of("one pass in the middle: the longer half", List.of("2026-10-11T00:00:00Z"), 20 * 86_400.0),
                Arguments.of("between two passes", List.of("2026-10-02T00:00:00Z", "2026-10-29T00:00:00Z"), 27 * 86_400.0),
                Arguments.of("from the start to the first pass", List.of("2026-10-20T00:00:00Z", "2026-10-30T00:00:00Z"),
                        19 * 86_400.0),
                Arguments.of("passes out of order are sorted", List.of("2026-10-30T00:00:00Z", "2026-10-05T00:00:00Z"),
                        25 * 86_400.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gaps")
    void theLongestGapBetweenPassingDrills(String name, List<String> passes, double seconds) {
        assertThat(ComplianceExport.longestGap(FROM, END, passes.stream().map(Instant::parse).toList())).isEqualTo(seconds);
    }

    @Test
    void theCsvHasAHeaderAndOneRowPerTableAndPlanWithEmptyCellsForWhatWasNotMeasured() {
        ComplianceExport.Document d = new ComplianceExport.Document(FROM, END, END, null,
                List.of(new ComplianceExport.Row("table", "prod/orders", "critical", List.of("SOC2:A1.2", "ISO27001:A.8.13"),
                        3L, 2, 1, 86_400.0, 600.0, null, null, null, List.of(new ComplianceExport.Report("d-1", "PASSED",
                                END, true, "k", "ab".repeat(32))))),
                List.of(new ComplianceExport.Row("plan", "checkout", null, List.of(), null, 0, 0, 2_592_000.0, 1800.0, null,
                        null, null, List.of())));
        String[] lines = new String(ComplianceExport.csv(d), StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(ComplianceExport.CSV_HEADER);
        assertThat(lines[1]).isEqualTo("table,prod/orders,critical,SOC2:A1.2;ISO27001:A.8.13,2026-10-01T00:00:00Z,"
                + "2026-10-31T00:00:00Z,3,2,1,86400.0,600.0,,,,d-1:" + "ab".repeat(32));
        assertThat(lines[2]).isEqualTo("plan,checkout,,,2026-10-01T00:00:00Z,2026-10-31T00:00:00Z,,0,0,2592000.0,1800.0,,,,");
    }
}
