package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreStatus;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups, drills and restores an operator asks for: each runs in a thread of its own, so that the
 * request is answered at once with an id to follow. At most {@value #MAX_RUNNING} run at once; a
 * running restore can be cancelled. Each start takes what {@link Preflight} resolved and the audit
 * entry written for it: nothing starts unchecked or unaudited.
 */
public final class OnDemand implements AutoCloseable {

    static final int MAX_RUNNING = 8;
    private static final Logger log = LoggerFactory.getLogger(OnDemand.class);

    private final RehearsalJobs jobs;
    private final Catalog catalog;
    private final ExecutorService threads;
    private final RunningRestores running;
    private final Map<String, Instant> drills = new ConcurrentHashMap<>();

    public OnDemand(RehearsalJobs jobs, Catalog catalog, RunningRestores running) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.running = running;
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_RUNNING, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Thread(r, "rehearsal-on-demand-" + n.incrementAndGet()));
    }

    /** Thrown when {@value #MAX_RUNNING} on-demand jobs run already. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super(MAX_RUNNING + " on-demand backups, drills and restores are running; try again when one has finished");
        }
    }

    public void backup(Preflight.Covered table, AuditLog.Accepted audited) {
        Objects.requireNonNull(audited, "audit entry");
        submit(() -> jobs.backup(table.source(), table.table(), "api:" + audited.actor()));
    }

    /** Starts a drill and returns its id; the drill's report is in the catalog under it when it ends. */
    public String drill(Preflight.Drill drill, AuditLog.Accepted audited) {
        Objects.requireNonNull(audited, "audit entry");
        String source = drill.table().source();
        String table = drill.table().table();
        String backupId = drill.backup() == null ? null : drill.backup().id().value();
        String drillId = SandboxGuard.newDrillId(Instant.now());
        drills.put(drillId, Instant.now());
        try {
            submit(() -> {
                try {
                    jobs.drill(source, table, "api:" + audited.actor(), drillId, backupId);
                } finally {
                    drills.remove(drillId);
                }
            });
        } catch (RuntimeException e) {
            drills.remove(drillId);
            throw e;
        }
        return drillId;
    }

    /** When a drill this process started is still running, when it started. */
    public Optional<Instant> drillRunning(String drillId) {
        return Optional.ofNullable(drills.get(drillId));
    }

    /** Starts a restore and returns its id; its status is in the catalog from now on. */
    public String restore(Preflight.Restore restore, AuditLog.Accepted audited) {
        Objects.requireNonNull(audited, "audit entry");
        String source = restore.table().source();
        String table = restore.table().table();
        String backupId = restore.backup().id().value();
        String newTable = restore.newTable();
        String actor = audited.actor();
        String restoreId = SandboxGuard.newDrillId(Instant.now());
        catalog.restoreRequested(restoreId, source, table, backupId, newTable, newTable == null, actor, Instant.now());
        running.start(catalog.restore(restoreId).orElseThrow());
        try {
            threads.submit(() -> {
                try {
                    jobs.restore(restoreId, source, table, backupId, newTable, restore.keepPartial());
                } catch (Exception e) {
                    log.warn("Restore {} of {}/{} could not start: {}", restoreId, source, table, e.toString());
                    if (catalog.restore(restoreId).map(r -> r.running()).orElse(false)) {
                        catalog.restoreFinished(restoreId, RestoreStatus.FAILED, null, e.getMessage(), Instant.now());
                    }
                } finally {
                    running.finished(restoreId); // also for a restore whose job never got to run
                }
            });
        } catch (RejectedExecutionException e) {
            catalog.restoreFinished(restoreId, RestoreStatus.FAILED, null, "not started: too many on-demand jobs", Instant.now());
            running.finished(restoreId);
            throw new Busy();
        }
        return restoreId;
    }

    /** Whether a restore runs in this process, and so can be cancelled here. */
    public boolean runsHere(String restoreId) {
        return running.get(restoreId).isPresent();
    }

    /** Cancels a restore this process runs; false if it runs nowhere here. */
    public boolean cancel(String restoreId, AuditLog.Accepted audited) {
        Objects.requireNonNull(audited, "audit entry");
        boolean here = running.cancel(restoreId);
        if (here) {
            log.info("Cancelling restore {} (asked by {})", restoreId, audited.actor());
        }
        return here;
    }

    private void submit(Runnable r) {
        try {
            threads.submit(r);
        } catch (RejectedExecutionException e) {
            throw new Busy();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
