package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.dashboard.coverage.TableStatus.Coverage;

/**
 * The colour of each overview cell, from the coverage audit's view of one table. The row's own
 * status is the audit's; these say which part of it is at fault. A value within three quarters of
 * its objective is green, up to the objective amber, over it red; grey where there is nothing to judge.
 */
final class Cells {

    /** CSS class suffixes, also read out as words next to each coloured mark. */
    enum Level { GREEN, AMBER, RED, GREY }

    static final double MARGIN = 0.75;

    private Cells() {
    }

    static Level coverage(TableStatus t) {
        return switch (t.coverage()) {
            case COVERED -> Level.GREEN;
            case EXCLUDED -> Level.GREY;
            case UNCOVERED -> Level.RED;
        };
    }

    static Level backup(TableStatus t) {
        if (t.coverage() != Coverage.COVERED) {
            return Level.GREY;
        }
        if (t.newestBackupId() == null) {
            return Level.RED;
        }
        return against(t.backupAgeSeconds(), t.rpoSeconds());
    }

    static Level drill(TableStatus t) {
        if (t.coverage() != Coverage.COVERED) {
            return Level.GREY;
        }
        if (t.newestDrillOutcome() == null) {
            return Level.AMBER;
        }
        if (!t.newestDrillOutcome().equals("PASSED")) {
            return Level.RED;
        }
        return Boolean.TRUE.equals(t.drilledRecently()) ? Level.GREEN : Level.AMBER;
    }

    static Level rto(TableStatus t) {
        return t.coverage() != Coverage.COVERED ? Level.GREY : against(t.measuredRtoSeconds(), t.rtoSeconds());
    }

    /** A forecast over the objective is a warning, not yet a failure: the audit counts it amber. */
    static Level forecast(TableStatus t) {
        Level l = t.coverage() != Coverage.COVERED ? Level.GREY : against(t.forecastSeconds(), t.rtoSeconds());
        return l == Level.RED ? Level.AMBER : l;
    }

    static Level against(Double value, Double objective) {
        if (value == null || objective == null) {
            return Level.GREY;
        }
        if (value > objective) {
            return Level.RED;
        }
        return value > objective * MARGIN ? Level.AMBER : Level.GREEN;
    }

    /** The row's status in a word: verified, attention, failing, not covered or excluded. */
    static String word(TableStatus t) {
        return switch (t.coverage()) {
            case UNCOVERED -> "not covered";
            case EXCLUDED -> "excluded";
            case COVERED -> switch (t.status()) {
                case GREEN -> "verified";
                case AMBER -> "attention";
                default -> "failing";
            };
        };
    }

    static String css(Level l) {
        return "lvl-" + l.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String css(TableStatus.Level l) {
        return "lvl-" + l.name().toLowerCase(java.util.Locale.ROOT);
    }
}
