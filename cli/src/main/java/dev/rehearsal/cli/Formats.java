package dev.rehearsal.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** How numbers, sizes, durations and times read in the human-readable output. */
final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A duration as "42s", "3m05s", "2h03m", "3d04h". */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
    }

    /** An ISO-8601 instant from the API as "2026-12-07 03:00:00Z"; null as "-". */
    static String time(JsonNode node, String field) {
        String v = ApiClient.text(node, field);
        if (v == null) {
            return null;
        }
        try {
            return TIME.format(Instant.parse(v));
        } catch (RuntimeException e) {
            return v;
        }
    }

    static String seconds(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : duration(v.asDouble());
    }

    static String age(JsonNode node, String field) {
        String v = ApiClient.text(node, field);
        if (v == null) {
            return null;
        }
        try {
            return duration(Duration.between(Instant.parse(v), Instant.now()).toSeconds()) + " ago";
        } catch (RuntimeException e) {
            return v;
        }
    }
}
