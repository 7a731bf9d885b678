package dev.rehearsal.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormatsTest {

    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    final Formats fmt = new Formats(Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> ago() {
        return Stream.of(
                Arguments.of("2026-11-21T11:59:58Z", "just now"),
                Arguments.of("2026-11-21T11:59:18Z", "42 s ago"),
                Arguments.of("2026-11-21T11:55:00Z", "5 min ago"),
                Arguments.of("2026-11-21T09:00:00Z", "3 h ago"),
                Arguments.of("2026-11-19T12:00:00Z", "2 d ago"),
                Arguments.of("2026-11-21T12:05:00Z", "in 5 min"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource
    void ago(String at, String expected) {
        assertThat(fmt.ago(Instant.parse(at))).isEqualTo(expected);
    }

    static Stream<Arguments> seconds() {
        return Stream.of(
                Arguments.of(0.25, "250 ms"),
                Arguments.of(4.21, "4.2 s"),
                Arguments.of(42.0, "42 s"),
                Arguments.of(192.0, "3 min 12 s"),
                Arguments.of(300.0, "5 min"),
                Arguments.of(18_180.0, "5 h 3 min"),
                Arguments.of(187_200.0, "2 d 4 h"));
    }

    @ParameterizedTest(name = "{0} s is {1}")
    @MethodSource
    void seconds(double value, String expected) {
        assertThat(fmt.seconds(value)).isEqualTo(expected);
    }

    @Test
    void timesAreUtcAndMissingValuesSaySo() {
        assertThat(fmt.utc(Instant.parse("2026-11-21T10:15:00.123Z"))).isEqualTo("2026-11-21 10:15:00 UTC");
        assertThat(fmt.utc(null)).isEqualTo("–");
        assertThat(fmt.ago(null)).isEqualTo("never");
        assertThat(fmt.count(1_234_567L)).isEqualTo("1,234,567");
        assertThat(fmt.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(fmt.rate(1234.4)).isEqualTo("1,234 items/s");
    }
}
