package dev.rehearsal.drill.drill;

import java.time.Duration;
import java.util.Locale;

/**
 * The one way Rehearsal writes a duration for people: in reports, log lines, the dashboard and the
 * coverage audit's reasons. {@link #of} is exact to what it measures ("850 ms", "4.2 s", "3 min
 * 12 s", "5 h 3 min", "2 d 4 h"); {@link #span} is a rough age or interval ("45 s", "12 min", "3 h",
 * "4 d").
 */
public final class Durations {

    private Durations() {
    }

    /** A measured duration, with the precision it deserves; empty for null. */
    public static String of(Duration d) {
        return d == null ? "" : seconds(d.toNanos() / 1e9);
    }

    /** A measured duration given in seconds. */
    public static String seconds(double v) {
        if (v < 1) {
            return Math.round(v * 1000) + " ms";
        }
        if (v < 60) {
            return String.format(Locale.ROOT, v < 10 ? "%.1f s" : "%.0f s", v);
        }
        long s = Math.round(v);
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        if (s < 86_400) {
            return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
        }
        return (s / 86_400) + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + (s % 86_400 / 3600) + " h");
    }

    /** A rough age or interval in whole units: seconds under two minutes, then minutes, hours, days. */
    public static String span(long seconds) {
        long s = Math.abs(seconds);
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172_800) {
            return (s / 3600) + " h";
        }
        return (s / 86_400) + " d";
    }
}
