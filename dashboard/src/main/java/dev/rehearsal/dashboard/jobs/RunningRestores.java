package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.catalog.RestoreStatus;
import dev.rehearsal.drill.restore.RestoreProgress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one in-memory record of each restore this process runs: its progress, the thread that runs
 * it, whether a cancel was asked, and who listens. One ticker pushes each running restore's progress
 * to its listeners twice a second (the catalog writer, every server-sent event stream following it),
 * and tells them once when it has finished; nobody polls anybody within the process. Restores that
 * run in another replica are known only from the catalog.
 */
public final class RunningRestores implements AutoCloseable {

    /** How often listeners hear of a running restore's progress. */
    public static final Duration TICK = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(RunningRestores.class);

    /** Hears of one restore's progress, and once of its end. Called from the ticker's thread: keep it short. */
    public interface Listener {
        void progress(Run run);

        default void finished(Run run) {
        }
    }

    /** One running restore. */
    public static final class Run {
        private final RestoreRecord requested;
        private final RestoreProgress progress = new RestoreProgress();
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();
        private volatile String backupId;
        private volatile String target;
        private Thread thread;
        private boolean cancelRequested;
        private boolean finished;

        Run(RestoreRecord requested) {
            this.requested = requested;
            this.backupId = requested.backupId();
            this.target = requested.target();
        }

        public String restoreId() {
            return requested.restoreId();
        }

        public RestoreProgress progress() {
            return progress;
        }

        /** Names the backup and the target once they are known. */
        void resolved(String backupId, String target) {
            this.backupId = backupId;
            this.target = target;
        }

        /** The restore as its catalog record would read now, from the live counters. */
        public RestoreRecord live() {
            RestoreProgress.Snapshot s = progress.snapshot();
            return new RestoreRecord(requested.restoreId(), requested.source(), requested.table(), backupId, target,
                    requested.sandbox(), requested.requestedBy(), RestoreStatus.RUNNING, s.phase() == null ? null : s.phase().label(),
                    s.items(), s.totalItems(), s.percent(), s.itemsPerSecond(), s.eta() == null ? null : s.eta().toSeconds(),
                    requested.startedAt(), null, null, null, null);
        }

        /**
         * Subscribes a listener; false if the restore has finished already (the listener is then not
         * added and will hear nothing: read the catalog instead).
         */
        public synchronized boolean listen(Listener listener) {
            if (finished) {
                return false;
            }
            listeners.add(listener);
            return true;
        }

        public void unlisten(Listener listener) {
            listeners.remove(listener);
        }

        /** Asks the restore to stop: interrupts its thread if it runs, or makes it stop as soon as it starts. */
        synchronized void cancel() {
            cancelRequested = true;
            if (thread != null) {
                thread.interrupt();
            }
        }

        /** The calling thread runs this restore from now on; true if a cancel came first. */
        synchronized boolean attach() {
            thread = Thread.currentThread();
            return cancelRequested;
        }

        /**
         * The restore has ended: no interrupt can reach its thread any more, and a cancel that came
         * too late is cleared, so that it never reaches the job repository's own writes.
         */
        synchronized void detach() {
            thread = null;
            Thread.interrupted();
        }

        private void tick() {
            for (Listener l : listeners) {
                try {
                    l.progress(this);
                } catch (RuntimeException e) {
                    log.debug("A progress listener of restore {} failed: {}", restoreId(), e.toString());
                }
            }
        }

        private void end() {
            List<Listener> told;
            synchronized (this) {
                finished = true;
                told = List.copyOf(listeners);
                listeners.clear();
            }
            for (Listener l : told) {
                try {
                    l.finished(this);
                } catch (RuntimeException e) {
                    log.debug("A listener of restore {} failed at its end: {}", restoreId(), e.toString());
                }
            }
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rehearsal-restore-progress");
        t.setDaemon(true);
        return t;
    });

    public RunningRestores() {
        ticker.scheduleAtFixedRate(() -> runs.values().forEach(Run::tick), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Records a restore as running here, from its catalog record as requested. */
    public Run start(RestoreRecord requested) {
        Run run = new Run(requested);
        Run earlier = runs.putIfAbsent(requested.restoreId(), run);
        return earlier != null ? earlier : run;
    }

    /** A restore running in this process. */
    public Optional<Run> get(String restoreId) {
        return Optional.ofNullable(runs.get(restoreId));
    }

    /** Cancels a restore running here; false if none runs here under that id. */
    public boolean cancel(String restoreId) {
        Run run = runs.get(restoreId);
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    /** The restore has ended and its final record is in the catalog: its listeners hear so, once. */
    public void finished(String restoreId) {
        Run run = runs.remove(restoreId);
        if (run != null) {
            run.end();
        }
    }

    /** Restores running here, for tests and the shutdown log. */
    public int count() {
        return runs.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

}
