package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.jobs.RunningRestores;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A restore's progress as server-sent events: a {@code progress} event about twice a second while
 * it runs, then one {@code finished} event, and the stream ends. The API's
 * {@code /api/v1/restores/{id}/events} and the dashboard's restore page use the same stream, each
 * with its own rendering of the status. A restore running in this process pushes its progress to
 * the stream; only one running in another replica is followed by reading the catalog, the one
 * place both replicas see.
 */
@Component
public final class RestoreStream {

    private static final Duration STREAM_LIMIT = Duration.ofHours(24);

    private final Catalog catalog;
    private final RunningRestores running;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "rehearsal-sse-other-replica");
        t.setDaemon(true);
        return t;
    });

    RestoreStream(Catalog catalog, RunningRestores running) {
        this.catalog = catalog;
        this.running = running;
    }

    @PreDestroy
    void stop() {
        pollers.shutdownNow();
    }

    /** Opens a stream of the restore's status, each event's data rendered by {@code render}. */
    public SseEmitter open(String restoreId, Function<RestoreRecord, Object> render) {
        SseEmitter emitter = new SseEmitter(STREAM_LIMIT.toMillis());
        Optional<RunningRestores.Run> here = running.get(restoreId);
        if (here.isPresent() && follow(here.get(), emitter, render)) {
            return emitter;
        }
        poll(restoreId, emitter, render);
        return emitter;
    }

    /** Subscribes to a restore running here; false if it ended before the subscription took. */
    private boolean follow(RunningRestores.Run run, SseEmitter emitter, Function<RestoreRecord, Object> render) {
        RunningRestores.Listener listener = new RunningRestores.Listener() {
            @Override
            public void progress(RunningRestores.Run r) {
                if (!send(emitter, "progress", render.apply(r.live()), r.progress().snapshot().items())) {
                    r.unlisten(this);
                }
            }

            @Override
            public void finished(RunningRestores.Run r) {
                finish(r.restoreId(), emitter, render);
            }
        };
        emitter.onCompletion(() -> run.unlisten(listener));
        emitter.onTimeout(() -> run.unlisten(listener));
        emitter.onError(e -> run.unlisten(listener));
        if (!send(emitter, "progress", render.apply(run.live()), run.progress().snapshot().items())) {
            return true; // the client went away at once; nothing more to do
        }
        return run.listen(listener);
    }

    /** Follows a restore that runs in another replica (or has ended) through its catalog record. */
    private void poll(String restoreId, SseEmitter emitter, Function<RestoreRecord, Object> render) {
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable once = () -> {
            RestoreRecord r = catalog.restore(restoreId).orElse(null);
            if (r == null || !r.running()) {
                finish(restoreId, emitter, render);
                cancel(task);
            } else if (!send(emitter, "progress", render.apply(r), r.items())) {
                cancel(task);
            }
        };
        synchronized (task) {
            task.set(pollers.scheduleWithFixedDelay(() -> {
                synchronized (task) {
                    try {
                        once.run();
                    } catch (RuntimeException e) {
                        emitter.completeWithError(e);
                        cancel(task);
                    }
                }
            }, 0, RunningRestores.TICK.toMillis(), TimeUnit.MILLISECONDS));
        }
        emitter.onCompletion(() -> cancel(task));
        emitter.onTimeout(() -> cancel(task));
    }

    /** The final event, from the catalog's final record, and the end of the stream. */
    private void finish(String restoreId, SseEmitter emitter, Function<RestoreRecord, Object> render) {
        catalog.restore(restoreId).ifPresent(r -> send(emitter, "finished", render.apply(r), r.items()));
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
            return false; // the client went away, or the stream is complete
        }
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
        ScheduledFuture<?> f = task.get();
        if (f != null) {
            f.cancel(false);
        }
    }
}
