package dev.rehearsal.dashboard.web;

import dev.rehearsal.drill.drill.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How the pages write times, durations and counts; templates call it as {@code @fmt}. Times are
 * UTC, and relative to now where a person scans for staleness ("3 h ago").
 */
@Component("fmt")
public final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    public Formats() {
        this(Clock.systemUTC());
    }

    Formats(Clock clock) {
        this.clock = clock;
    }

    public String utc(Instant at) {
        return at == null ? "–" : UTC.format(at);
    }

    /** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 5 min" for a time ahead. */
    public String ago(Instant at) {
        if (at == null) {
            return "never";
        }
        long s = Duration.between(at, clock.instant()).toSeconds();
        if (Math.abs(s) < 5) {
            return "just now";
        }
        String span = span(Math.abs(s));
        return s > 0 ? span + " ago" : "in " + span;
    }

    /** A duration given in seconds: "850 ms", "4.2 s", "3 min 12 s", "5 h 3 min", "2 d 4 h". */
    public String seconds(Number seconds) {
        return seconds == null ? "–" : Durations.seconds(seconds.doubleValue());
    }

    public String millis(Long millis) {
        return millis == null ? "–" : seconds(millis / 1000.0);
    }

    public String count(Number n) {
        return n == null ? "–" : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    public String rate(Number perSecond) {
        return perSecond == null ? "–" : String.format(Locale.ROOT, "%,.0f items/s", perSecond.doubleValue());
    }

    public String bytes(Number n) {
        if (n == null) {
            return "–";
        }
        double v = n.doubleValue();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String span(long s) {
        return Durations.span(s);
    }
}
