package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.PlanRunRecord;
import dev.rehearsal.dashboard.plans.LiveRun;
import dev.rehearsal.dashboard.plans.PlanRuns;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A plan run as server-sent events: a {@code progress} event each second while it runs (every stage
 * and table, live progress and the ETA), then one {@code finished} event, and the stream ends. A run
 * of this process pushes its snapshots; one in another replica is followed through its catalog
 * record (status only), the one thing both replicas see.
 */
@Component
public final class PlanRunStream {

    private static final Duration STREAM_LIMIT = Duration.ofHours(72);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final Catalog catalog;
    private final PlanRuns runs;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "rehearsal-plan-sse-other-replica");
        t.setDaemon(true);
        return t;
    });

    PlanRunStream(Catalog catalog, PlanRuns runs) {
        this.catalog = catalog;
        this.runs = runs;
    }

    @PreDestroy
    void stop() {
        pollers.shutdownNow();
    }

    public SseEmitter open(String runId) {
        SseEmitter emitter = new SseEmitter(STREAM_LIMIT.toMillis());
        Optional<LiveRun> here = runs.live(runId);
        if (here.isPresent()) {
            follow(here.get(), emitter);
        } else {
            poll(runId, emitter);
        }
        return emitter;
    }

    private void follow(LiveRun run, SseEmitter emitter) {
        AtomicLong seq = new AtomicLong();
        Consumer<LiveRun.Snapshot> listener = new Consumer<>() {
            @Override
            public void accept(LiveRun.Snapshot s) {
                boolean end = !s.status().equals(PlanRunRecord.RUNNING);
                if (!send(emitter, end ? "finished" : "progress", s, seq.incrementAndGet())) {
                    run.unlisten(this);
                } else if (end) {
                    complete(emitter);
                }
            }
        };
        emitter.onCompletion(() -> run.unlisten(listener));
        emitter.onTimeout(() -> run.unlisten(listener));
        emitter.onError(e -> run.unlisten(listener));
        LiveRun.Snapshot now = run.current();
        if (!now.status().equals(PlanRunRecord.RUNNING)) {
            finish(run.runId(), emitter, seq.incrementAndGet());
        } else if (send(emitter, "progress", now, seq.incrementAndGet())) {
            run.listen(listener);
            // It may have ended between the look-up and the subscription: the catalog tells.
            if (runs.live(run.runId()).isEmpty()) {
                run.unlisten(listener);
                finish(run.runId(), emitter, seq.incrementAndGet());
            }
        }
    }

    private void poll(String runId, SseEmitter emitter) {
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        AtomicLong seq = new AtomicLong();
        synchronized (task) {
            task.set(pollers.scheduleWithFixedDelay(() -> {
                synchronized (task) {
                    try {
                        PlanRunRecord r = catalog.planRun(runId).orElse(null);
                        if (r == null || !r.running()) {
                            finish(runId, emitter, seq.incrementAndGet());
                            cancel(task);
                        } else if (!send(emitter, "progress", PlansController.RunView.of(r), seq.incrementAndGet())) {
                            cancel(task);
                        }
                    } catch (RuntimeException e) {
                        emitter.completeWithError(e);
                        cancel(task);
                    }
                }
            }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        }
        emitter.onCompletion(() -> cancel(task));
        emitter.onTimeout(() -> cancel(task));
    }

    private void finish(String runId, SseEmitter emitter, long id) {
        catalog.planRun(runId).ifPresent(r -> send(emitter, "finished", PlansController.RunView.of(r), id));
        complete(emitter);
    }

    private static void complete(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (RuntimeException alreadyDone) {
            // The client went away first.
        }
    }

    private static boolean send(SseEmitter emitter, String name, Object data, long id) {
        try {
            emitter.send(SseEmitter.event().name(name).id(Long.toString(id)).data(data, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
        ScheduledFuture<?> f = task.get();
        if (f != null) {
            f.cancel(false);
        }
    }
}
