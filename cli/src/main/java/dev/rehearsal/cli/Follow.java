package dev.rehearsal.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import tools.jackson.databind.JsonNode;

/**
 * Follows a restore or a plan run to its end over its server-sent events ({@code progress} events,
 * then one {@code finished}), drawing the progress bar. The events are pushed by the server; nothing
 * here polls.
 *
 * <p>Ctrl-C while following asks, on a terminal, whether to cancel the job: yes sends the cancel and
 * keeps following until the server says it stopped; no (or Enter) keeps following; a second Ctrl-C at
 * the question stops following and leaves the job running. Without a terminal nothing can be asked,
 * so Ctrl-C stops following and leaves the job running.
 */
final class Follow {

    /** The job being followed, in words and as API paths. */
    record Job(String what, String id, String eventsPath, String cancelPath, String cancelEffect,
            Function<JsonNode, Progress> progress) {
    }

    private final Context context;
    private final ApiClient api;

    Follow(Context context, ApiClient api) {
        this.context = context;
        this.api = api;
    }

    /** Follows the job to its end; returns the data of its {@code finished} event. */
    JsonNode toTheEnd(Job job) {
        ProgressBar bar = new ProgressBar(context.err(), context.terminal(), job.what() + " " + job.id());
        AtomicReference<JsonNode> finished = new AtomicReference<>();
        AtomicBoolean asking = new AtomicBoolean();
        SignalHandler previous = onCtrlC(() -> ctrlC(job, bar, asking));
        bar.start("following; Ctrl-C asks whether to cancel it");
        try {
            api.stream(job.eventsPath(), e -> {
                Progress p = job.progress().apply(e.data());
                if (e.name().equals("finished")) {
                    finished.set(e.data());
                    bar.finish(p);
                } else {
                    bar.update(p);
                }
            });
        } finally {
            restore(previous);
        }
        if (finished.get() == null) {
            throw new CliError(ExitCode.UNREACHABLE, "the event stream of " + job.what() + " " + job.id()
                    + " ended without its 'finished' event; follow it again with 'rehearsal "
                    + job.what().replace(' ', '-') + " follow " + job.id() + "'");
        }
        return finished.get();
    }

    private void ctrlC(Job job, ProgressBar bar, AtomicBoolean asking) {
        String leftRunning = job.what() + " " + job.id() + " goes on in the daemon; cancel it with 'rehearsal cancel "
                + job.id() + "'";
        if (!context.terminal().interactive() || !asking.compareAndSet(false, true)) {
            bar.pause();
            context.err().println("stopped following: " + leftRunning);
            context.err().flush();
            System.exit(ExitCode.INTERRUPTED);
            return;
        }
        try {
            bar.pause();
            String answer = context.terminal().ask("Cancel " + job.what() + " " + job.id() + "? " + job.cancelEffect()
                    + " [y/N] ");
            if (answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                try {
                    api.delete(job.cancelPath());
                    context.err().println("cancelling " + job.what() + " " + job.id() + "; following until it stops");
                } catch (CliError e) {
                    context.err().println("rehearsal: " + e.getMessage());
                }
            } else {
                context.err().println("not cancelled; following again (Ctrl-C twice stops following and leaves it running)");
            }
            context.err().flush();
        } finally {
            asking.set(false);
            bar.resume();
        }
    }

    private static SignalHandler onCtrlC(Runnable action) {
        try {
            return Signal.handle(new Signal("INT"), s -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null; // no SIGINT to catch here (the JVM was started with -Xrs, say): the default applies
        }
    }

    private static void restore(SignalHandler previous) {
        if (previous != null) {
            try {
                Signal.handle(new Signal("INT"), previous);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // As above.
            }
        }
    }
}
