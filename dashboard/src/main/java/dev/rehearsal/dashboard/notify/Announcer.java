package dev.rehearsal.dashboard.notify;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.StatusUpdate.Mode;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a plan run's receivers how it goes: one announcer per run. The plan runner calls it at
 * each step and, often, with the live state ({@link #progress}); the announcer decides what is
 * sent, and sends it from threads of its own, so that every call returns at once whatever the
 * receivers do: <b>a failing receiver never slows or stops the recovery</b>.
 *
 * <p>Each receiver has one thread and a bounded queue, so that its updates arrive in the order of
 * the run. An update is attempted up to {@code max-attempts} times, each bounded by
 * {@code timeout}, with exponential backoff between them (doubling from 1 s up to 1 min, each
 * wait drawn between half and all of that); a refusal that another attempt would not change (a
 * 4xx other than 408, 425 and 429) is not retried. Every attempt is reported to the timeline given
 * at construction, one call at a time. When a receiver falls so far behind that its queue is full,
 * its oldest periodic update is dropped (each update holds the whole state, so a newer one
 * supersedes it), or else its oldest update; the drop is reported as well.
 *
 * <p>A drill's updates go only to receivers with {@code drills: true}.
 */
public final class Announcer implements AutoCloseable {

    /** How long {@link #close} waits by default for the last updates to get through. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** Updates waiting per receiver; a receiver this far behind is down, and loses its oldest periodic ones. */
    static final int QUEUE = 32;

    /** An ETA move smaller than the share of this much time is noise, however little time is left. */
    static final double ETA_FLOOR_SECONDS = 300;

    private static final Logger log = LoggerFactory.getLogger(Announcer.class);

    private final List<Channel> channels;
    private final Consumer<Attempt> timeline;
    private final Clock clock;
    private final Duration closeWait;
    private final Backoff backoff;
    private final ExecutorService executor;
    private final Object timelineLock = new Object();
    private volatile boolean closed;

    /**
     * @param notifiers the plan's receivers by name, as configured (and checked by
     *                  {@link NotifierSettings#problems})
     * @param timeline  told of every attempt; called from the announcer's threads, one call at a time
     */
    public Announcer(Map<String, NotifierSettings> notifiers, Consumer<Attempt> timeline) {
        this(notifiers, timeline, Clock.systemUTC(), CLOSE_WAIT);
    }

    /**
     * @param clock     what decides when periodic updates are due, and stamps attempts and signatures
     * @param closeWait how long {@link #close} waits for the last updates before giving up on them
     */
    public Announcer(Map<String, NotifierSettings> notifiers, Consumer<Attempt> timeline, Clock clock,
            Duration closeWait) {
        this(notifiers, timeline, clock, closeWait, Backoff.DEFAULT);
    }

    Announcer(Map<String, NotifierSettings> notifiers, Consumer<Attempt> timeline, Clock clock, Duration closeWait,
            Backoff backoff) {
        this.timeline = timeline;
        this.clock = clock;
        this.closeWait = closeWait;
        this.backoff = backoff;
        List<Channel> list = new ArrayList<>();
        new LinkedHashMap<>(notifiers).forEach((name, settings) ->
                list.add(new Channel(name, settings, notifier(settings, SharedClient.CLIENT, clock))));
        this.channels = List.copyOf(list);
        if (channels.isEmpty()) {
            this.executor = null;
            return;
        }
        this.executor = Executors.newFixedThreadPool(channels.size(), work -> {
            Thread t = new Thread(work, "rehearsal-announcer");
            t.setDaemon(true);
            return t;
        });
        for (Channel c : channels) {
            executor.execute(c::work);
        }
    }

    /** The notifier of a type; {@link NotifierSettings#problems} has made sure it is one of these. */
    static Notifier notifier(NotifierSettings settings, HttpClient client, Clock clock) {
        String type = settings.type() == null ? "" : settings.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "webhook" -> new WebhookNotifier(settings, client, clock);
            case "slack" -> new SlackNotifier(settings, client);
            case "statuspage" -> new StatuspageNotifier(settings, client);
            default -> throw new IllegalArgumentException("unknown notifier type '" + settings.type() + "'; use "
                    + String.join(", ", NotifierSettings.TYPES));
        };
    }

    /** The run has started. */
    public void started(StatusUpdate update) {
        announce(update.withEvent(Event.STARTED));
    }

    /** A stage has all its tables back. */
    public void stageRecovered(StatusUpdate update) {
        announce(update.withEvent(Event.STAGE_RECOVERED));
    }

    /**
     * The live state, as often as the runner likes: an update goes to a receiver when its
     * {@code interval} has passed since the last one it was sent (event PROGRESS), or when the plan's
     * expected end has moved, since that last update, by more than {@code eta-change} times the
     * time that update said was left (at least five minutes' worth) (event ETA_CHANGED). The first
     * estimate after one without counts as a move.
     */
    public void progress(StatusUpdate update) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (Channel c : channels) {
            if (c.wants(update)) {
                c.offerIfDue(update, now);
            }
        }
    }

    /** Something failed: a table, or a stage; the run may go on. */
    public void failed(StatusUpdate update) {
        announce(update.withEvent(Event.FAILED));
    }

    /** The run has ended: the update's event is FINISHED or CANCELLED. */
    public void finished(StatusUpdate update) {
        if (update.event() != Event.FINISHED && update.event() != Event.CANCELLED) {
            throw new IllegalArgumentException("a run ends FINISHED or CANCELLED, not " + update.event());
        }
        announce(update);
    }

    private void announce(StatusUpdate update) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (Channel c : channels) {
            if (c.wants(update)) {
                c.offer(update, now);
            }
        }
    }

    /**
     * Stops taking updates, waits up to the close wait for those queued and in flight to get
     * through, then gives up on what is left (each reported as the last attempt of its update).
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (executor == null) {
            return;
        }
        channels.forEach(Channel::finish);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                // Time for the interrupted workers to record what they give up.
                executor.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void report(Attempt attempt) {
        synchronized (timelineLock) {
            try {
                timeline.accept(attempt);
            } catch (RuntimeException e) {
                log.warn("The timeline refused an attempt of notifier {}: {}", attempt.notifier(), e.toString());
            }
        }
    }

    /** Waits between attempts: doubling from {@code first} up to {@code max}, each wait drawn between half and all of it. */
    record Backoff(Duration first, Duration max) {

        static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

        /** The wait after the {@code attempt}th attempt (1 for the first). */
        long millisAfter(int attempt) {
            double full = Math.min(max.toMillis(), first.toMillis() * Math.pow(2, Math.min(attempt - 1, 30)));
            return Math.round(full * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
        }
    }

    /** The one client of all announcers; each attempt's own timeout bounds it. */
    private static final class SharedClient {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One receiver: its queue, its thread's loop, and what it was last sent. */
    private final class Channel {

        private final String name;
        private final NotifierSettings settings;
        private final Notifier notifier;
        private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        private final List<Attempt> dropped = new ArrayList<>();
        private boolean finishing;
        /** When the last update was queued for this receiver, and the plan's remaining time it gave. */
        private Instant lastAt;
        private Double lastEta;

        Channel(String name, NotifierSettings settings, Notifier notifier) {
            this.name = name;
            this.settings = settings;
            this.notifier = notifier;
        }

        boolean wants(StatusUpdate update) {
            return update.mode() == Mode.INCIDENT || settings.drills();
        }

        synchronized void offerIfDue(StatusUpdate update, Instant now) {
            Event due = due(update, now);
            if (due != null) {
                offer(update.withEvent(due), now);
            }
        }

        private Event due(StatusUpdate update, Instant now) {
            if (lastAt == null) {
                return Event.PROGRESS;
            }
            Double eta = remaining(update);
            if (eta != null) {
                if (lastEta == null) {
                    return Event.ETA_CHANGED;
                }
                double expected = lastEta - Duration.between(lastAt, now).toMillis() / 1000.0;
                if (Math.abs(eta - expected) > settings.etaChange() * Math.max(lastEta, ETA_FLOOR_SECONDS)) {
                    return Event.ETA_CHANGED;
                }
            }
            return Duration.between(lastAt, now).compareTo(settings.interval()) >= 0 ? Event.PROGRESS : null;
        }

        synchronized void offer(StatusUpdate update, Instant now) {
            if (finishing) {
                return;
            }
            lastAt = now;
            lastEta = remaining(update);
            if (queue.size() >= QUEUE) {
                Delivery gone = dropOne();
                dropped.add(new Attempt(name, settings.type(), gone.update().event(), gone.id(), 1, now, null, null,
                        "not sent: " + name + " is " + QUEUE + " updates behind, and newer ones hold its state",
                        remaining(gone.update()), true));
            }
            queue.addLast(Delivery.of(update));
            notifyAll();
        }

        /** The oldest periodic update if there is one, else the oldest. */
        private Delivery dropOne() {
            for (Iterator<Delivery> it = queue.iterator(); it.hasNext(); ) {
                Delivery d = it.next();
                Event e = d.update().event();
                if (e == Event.PROGRESS || e == Event.ETA_CHANGED) {
                    it.remove();
                    return d;
                }
            }
            return queue.removeFirst();
        }

        synchronized void finish() {
            finishing = true;
            notifyAll();
        }

        /** The next update to send, or null once finishing with nothing left; drops are handed over on the way. */
        private synchronized Delivery next(List<Attempt> drops) throws InterruptedException {
            while (queue.isEmpty() && !finishing) {
                wait();
            }
            drops.addAll(dropped);
            dropped.clear();
            return queue.pollFirst();
        }

        private synchronized List<Delivery> abandon(List<Attempt> drops) {
            drops.addAll(dropped);
            dropped.clear();
            List<Delivery> left = new ArrayList<>(queue);
            queue.clear();
            finishing = true;
            return left;
        }

        /** The loop of this receiver's thread: until finished and drained, or interrupted at close. */
        void work() {
            try {
                while (true) {
                    List<Attempt> drops = new ArrayList<>();
                    Delivery d = next(drops);
                    drops.forEach(Announcer.this::report);
                    if (d == null) {
                        return;
                    }
                    deliver(d);
                }
            } catch (InterruptedException e) {
                List<Attempt> drops = new ArrayList<>();
                for (Delivery d : abandon(drops)) {
                    drops.add(notMade(d, 1, "not sent: the announcer closed before its turn"));
                }
                drops.forEach(Announcer.this::report);
            }
        }

        private void deliver(Delivery d) throws InterruptedException {
            for (int n = 1; ; n++) {
                Instant at = clock.instant();
                long start = System.nanoTime();
                Integer status = null;
                String error = null;
                boolean last;
                try {
                    status = notifier.send(d);
                    last = true;
                } catch (DeliveryException e) {
                    status = e.status();
                    error = e.getMessage();
                    last = n >= settings.maxAttempts() || !e.retryable();
                } catch (InterruptedException e) {
                    report(attempt(d, n, at, System.nanoTime() - start, null,
                            "abandoned: the announcer closed before " + settings.host() + " answered", true));
                    throw e;
                } catch (RuntimeException e) {
                    // Not the receiver's doing, and the same again on retry; the class only, in case the message holds a secret.
                    error = "could not send to " + settings.host() + ": " + e.getClass().getName();
                    last = true;
                    log.warn("Notifier {} failed on update {} of run {}", name, d.update().event(), d.update().runId(), e);
                }
                report(attempt(d, n, at, System.nanoTime() - start, status, error, last));
                if (last) {
                    if (error != null) {
                        log.warn("Notifier {} gave up on update {} of run {} after {} attempts: {}", name,
                                d.update().event(), d.update().runId(), n, error);
                    }
                    return;
                }
                try {
                    Thread.sleep(backoff.millisAfter(n));
                } catch (InterruptedException e) {
                    report(notMade(d, n + 1, "not sent: the announcer closed before attempt " + (n + 1)));
                    throw e;
                }
            }
        }

        private Attempt attempt(Delivery d, int n, Instant at, long nanos, Integer status, String error, boolean last) {
            return new Attempt(name, settings.type(), d.update().event(), d.id(), n, at, Duration.ofNanos(nanos), status,
                    error, remaining(d.update()), last);
        }

        private Attempt notMade(Delivery d, int n, String error) {
            return new Attempt(name, settings.type(), d.update().event(), d.id(), n, clock.instant(), null, null, error,
                    remaining(d.update()), true);
        }
    }

    private static Double remaining(StatusUpdate update) {
        return update.eta() == null ? null : update.eta().remainingSeconds();
    }
}
