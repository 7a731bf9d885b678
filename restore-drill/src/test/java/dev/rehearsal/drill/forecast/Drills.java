package dev.rehearsal.drill.forecast;

import java.time.Duration;
import java.time.Instant;

/** Fixture builders: drills a day apart from a fixed start, so every test reads the same calendar. */
final class Drills {

    static final Instant DAY_0 = Instant.parse("2026-01-01T03:00:00Z");

    private Drills() {
    }

    static Instant day(double day) {
        return DAY_0.plus(Duration.ofMinutes(Math.round(day * 24 * 60)));
    }

    /** A drill that finished on {@code day}, with its recovery time and the data-load part of it. */
    static Sample drill(double day, long items, double recoverySeconds, double loadSeconds) {
        return new Sample(day(day), items, recoverySeconds, loadSeconds);
    }
}
