package dev.rehearsal.drill.plan;

import dev.rehearsal.core.TableId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: its stages one after another, the tables of a stage in parallel up to the stage's
 * bound, each through the request's {@link TableTask}. A stage's recovery time is measured from the
 * plan's start to its last table verified. A table that fails does not stop the others, nor the
 * next stages: the plan's order is one of priority, and the rest of the data is still wanted (the
 * result says which stage did not come back). Interrupting the calling thread cancels the run: each
 * running table is asked to stop ({@link TableTask#cancel}) and waited for (each task disposes of
 * what it created), the tables not started are skipped, and the result comes back as
 * {@link PlanResult.Outcome#CANCELLED}.
 */
public final class PlanRunner {

    private static final Logger log = LoggerFactory.getLogger(PlanRunner.class);

    public PlanResult run(PlanRequest request) {
        Instant start = request.clock().instant();
        log.info("Plan {} ({}): {} {} stages, {} tables", request.plan(), request.runId(),
                request.mode() == Mode.DRILL ? "drilling" : "recovering", request.stages().size(),
                request.stages().stream().mapToInt(s -> s.tables().size()).sum());
        List<StageResult> stages = new ArrayList<>();
        boolean cancelled = false;
        for (PlanStage stage : request.stages()) {
            if (cancelled || Thread.currentThread().isInterrupted()) {
                cancelled = true;
                stages.add(untouched(stage, TableOutcome.Status.SKIPPED, "the plan was cancelled before this stage"));
                continue;
            }
            StageRun run = new StageRun(request, stage, start);
            StageResult result = run.await();
            cancelled = run.cancelled;
            stages.add(result);
            tell(() -> request.listener().stageFinished(result));
            log.info("Plan {} stage '{}': {}{}", request.plan(), stage.name(), result.state(),
                    result.recoveredAfter() == null ? "" : " after " + result.recoveredAfter().toMillis() + " ms");
        }
        if (cancelled) {
            Thread.currentThread().interrupt(); // the caller's to see, as it asked
        }
        PlanResult.Outcome outcome = cancelled ? PlanResult.Outcome.CANCELLED
                : stages.stream().allMatch(s -> s.recoveredAfter() != null) ? PlanResult.Outcome.VERIFIED
                : PlanResult.Outcome.FAILED;
        return new PlanResult(request.runId(), request.plan(), request.mode(), start, request.clock().instant(), outcome,
                stages);
    }

    private static StageResult untouched(PlanStage stage, TableOutcome.Status status, String why) {
        List<TableRun> tables = stage.tables().stream()
                .map(t -> new TableRun(t, stage.name(), null, null, TableOutcome.nothing(status, why))).toList();
        return new StageResult(stage.name(), stage.objective(), stage.concurrency(), null, null, null, tables);
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("A plan listener failed: {}", e.toString());
        }
    }

    /** One stage's tables on a pool of the stage's size; each slot filled by the table's own thread. */
    private static final class StageRun {
        private final PlanRequest request;
        private final PlanStage stage;
        private final Instant planStart;
        private final AtomicReferenceArray<TableRun> slots;
        private final AtomicReferenceArray<Thread> runners;
        private final ExecutorService pool;
        private final Instant startedAt;
        private volatile boolean cancelled;

        StageRun(PlanRequest request, PlanStage stage, Instant planStart) {
            this.request = request;
            this.stage = stage;
            this.planStart = planStart;
            this.slots = new AtomicReferenceArray<>(stage.tables().size());
            this.runners = new AtomicReferenceArray<>(stage.tables().size());
            this.pool = Executors.newFixedThreadPool(stage.concurrency(), threads(request.plan(), stage.name()));
            this.startedAt = request.clock().instant();
            tell(() -> request.listener().stageStarted(stage, startedAt));
            for (int i = 0; i < stage.tables().size(); i++) {
                int slot = i;
                pool.execute(() -> runTable(slot));
            }
            pool.shutdown();
        }

        private void runTable(int slot) {
            TableId table = stage.tables().get(slot);
            // Registered before the cancel flag is read, and the flag set before the registrations are
            // read: a table either sees the cancel and never starts, or is seen running and asked to stop.
            runners.set(slot, Thread.currentThread());
            if (cancelled) {
                runners.set(slot, null);
                return;
            }
            try {
                runStarted(slot, table);
            } finally {
                runners.set(slot, null);
            }
        }

        private void runStarted(int slot, TableId table) {
            Instant began = request.clock().instant();
            tell(() -> request.listener().tableStarted(table, stage, began));
            TableOutcome outcome;
            try {
                outcome = request.task().run(table, stage);
                if (outcome == null) {
                    outcome = TableOutcome.nothing(TableOutcome.Status.ERROR, "table " + table + ": the task returned nothing");
                }
            } catch (InterruptedException e) {
                outcome = TableOutcome.nothing(TableOutcome.Status.CANCELLED, "cancelled: " + e.getMessage());
            } catch (RuntimeException e) {
                outcome = TableOutcome.nothing(TableOutcome.Status.ERROR, "table " + table + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            TableRun run = new TableRun(table, stage.name(), began, request.clock().instant(), outcome);
            slots.set(slot, run);
            tell(() -> request.listener().tableFinished(run));
        }

        StageResult await() {
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // waiting for the stage's last table; an interrupt here is the plan's cancel
                }
            } catch (InterruptedException e) {
                cancelled = true;
                for (int i = 0; i < stage.tables().size(); i++) {
                    Thread runner = runners.get(i);
                    if (runner != null) {
                        TableId table = stage.tables().get(i);
                        tell(() -> request.task().cancel(table, runner));
                    }
                }
                waitUninterruptibly();
            }
            List<TableRun> tables = new ArrayList<>();
            Instant first = null;
            Instant last = null;
            boolean allVerified = true;
            for (int i = 0; i < stage.tables().size(); i++) {
                TableRun run = slots.get(i);
                if (run == null) {
                    run = new TableRun(stage.tables().get(i), stage.name(), null, null,
                            TableOutcome.nothing(TableOutcome.Status.SKIPPED, "the plan was cancelled before this table started"));
                }
                tables.add(run);
                allVerified &= run.outcome().verified();
                if (run.startedAt() != null) {
                    first = first == null || run.startedAt().isBefore(first) ? run.startedAt() : first;
                    last = last == null || run.finishedAt().isAfter(last) ? run.finishedAt() : last;
                }
            }
            Duration recovered = allVerified && last != null ? Duration.between(planStart, last) : null;
            return new StageResult(stage.name(), stage.objective(), stage.concurrency(), first == null ? null : startedAt,
                    last, recovered, tables);
        }

        /** A cancelled table's task is disposing of what it created: that must finish before the plan reports. */
        private void waitUninterruptibly() {
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static ThreadFactory threads(String plan, String stage) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, "plan-" + plan + "-" + stage + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
