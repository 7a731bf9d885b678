package dev.rehearsal.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on one terminal line, redrawn in place ({@code \r}) at each event:
 * {@code [#########.........]  45.0%  18,000/40,000 items  2,310/s  ETA 9s  data-load}. Without a
 * terminal it prints a plain line at each tenth of the way and at each new phase, for logs. It writes
 * to the error stream, so that the standard output holds only the result.
 */
final class ProgressBar {

    private final PrintStream out;
    private final boolean redraw;
    private final int width;
    private final String label;
    private boolean paused;
    private boolean drawn;
    private Progress last;
    private int lastTenth = -1;
    private String lastPhase;

    ProgressBar(PrintStream out, Terminal terminal, String label) {
        this.out = out;
        this.redraw = terminal.interactive();
        this.width = terminal.width();
        this.label = label;
    }

    synchronized void update(Progress p) {
        last = p;
        if (paused) {
            return;
        }
        if (redraw) {
            draw(p);
        } else {
            int tenth = (int) Math.floor(p.percent() / 10);
            boolean newPhase = p.phase() != null && !p.phase().equals(lastPhase);
            if (tenth > lastTenth || newPhase) {
                out.println(line(p));
                out.flush();
                lastTenth = tenth;
                lastPhase = p.phase();
            }
        }
    }

    /** The final state, and the line ended. */
    synchronized void finish(Progress p) {
        paused = false;
        last = p;
        if (redraw) {
            draw(p);
            out.println();
        } else {
            out.println(line(p));
        }
        out.flush();
        drawn = false;
    }

    /** Stops drawing (while a question is asked), and leaves the bar's line. */
    synchronized void pause() {
        paused = true;
        if (redraw && drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }

    synchronized void resume() {
        paused = false;
        if (last != null && redraw) {
            draw(last);
        }
    }

    /** Says once what is followed and how to stop, above the bar. */
    synchronized void start(String note) {
        if (redraw) {
            out.println(label + ": " + note);
            out.flush();
        }
    }

    private void draw(Progress p) {
        String line = bar(p);
        int room = Math.max(20, width - 1);
        if (line.length() > room) {
            line = line.substring(0, room);
        }
        out.print("\r" + line + " ".repeat(room - line.length()));
        out.flush();
        drawn = true;
    }

    /** A line for a log: the bar with what it is about. */
    String line(Progress p) {
        return label + " " + bar(p);
    }

    /** The bar and its figures, most important first, so that a narrow terminal cuts the least useful. */
    String bar(Progress p) {
        int cells = 24;
        double percent = Math.max(0, Math.min(100, p.percent()));
        int full = (int) Math.floor(percent / 100 * cells);
        StringBuilder b = new StringBuilder();
        b.append("[").append("#".repeat(full)).append(".".repeat(cells - full)).append("] ")
                .append(String.format(Locale.ROOT, "%5.1f%%", percent));
        if (!p.done().isEmpty()) {
            b.append("  ").append(p.done());
        }
        if (p.rate() != null) {
            b.append("  ").append(Formats.count(Math.round(p.rate()))).append("/s");
        }
        if (p.running()) {
            b.append("  ETA ").append(p.eta() == null ? "?" : Formats.duration(p.eta()));
            if (p.phase() != null) {
                b.append("  ").append(p.phase());
            }
        } else {
            b.append("  ").append(p.status());
        }
        return b.toString();
    }
}
