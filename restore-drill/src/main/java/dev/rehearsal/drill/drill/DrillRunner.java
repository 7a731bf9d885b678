package dev.rehearsal.drill.drill;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.drill.pipeline.Target;
import dev.rehearsal.drill.pipeline.Verdict;
import dev.rehearsal.drill.pipeline.VerifiedRestore;
import dev.rehearsal.drill.pipeline.VerifiedRestoreRequest;
import dev.rehearsal.drill.pipeline.VerifiedRestoreResult;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.Checks;
import dev.rehearsal.drill.verify.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one drill: pick a committed backup, and have the {@link VerifiedRestore} pipeline restore it
 * into a fresh sandbox table, verify it, and delete the sandbox, also when anything failed. It
 * returns a result rather than throwing: a drill that could not run is an {@link Outcome#ERROR},
 * not an exception. A cancel is thrown, once the sandbox has been dealt with.
 */
public final class DrillRunner {

    private static final Logger log = LoggerFactory.getLogger(DrillRunner.class);

    private final VerifiedRestore pipeline = new VerifiedRestore();
    private final Function<Instant, String> drillIds;

    public DrillRunner() {
        this(SandboxGuard::newDrillId);
    }

    /**
     * A runner whose next drill has the id the caller chose (a daemon that answers a request with
     * the id before the drill starts); the id must be well formed, see {@link SandboxGuard#newDrillId}.
     */
    public static DrillRunner withDrillId(String drillId) {
        return new DrillRunner(t -> drillId);
    }

    /** With drill ids from {@code drillIds} instead of fresh random ones; tests use it to provoke a name collision. */
    DrillRunner(Function<Instant, String> drillIds) {
        this.drillIds = drillIds;
    }

    public DrillResult run(DrillRequest request) throws InterruptedException {
        Instant started = request.clock().instant();
        String drillId = drillIds.apply(started);
        BackupRef backup;
        try {
            backup = request.selection().pick(request.repository().committed(request.source(), request.table()), started)
                    .orElseThrow(() -> new IllegalStateException("no committed backup of table '" + request.table()
                            + "' from source '" + request.source() + "' in store " + request.repository().store().name()
                            + " matches selection " + request.selection()));
        } catch (java.io.IOException | RuntimeException e) {
            return finish(request, drillId, started, null, new VerifiedRestoreResult(null, null, Verdict.ERROR, List.of(),
                    Map.of(), null, 0, 0, List.of(e.getMessage() == null ? e.toString() : e.getMessage()), List.of(),
                    "no table was created", null));
        }
        log.info("Drill {} of {}: backup {} into a sandbox at {}", drillId, request.table(), backup.id(),
                request.sandbox().info().endpoint());
        List<Verifier> extra = new ArrayList<>();
        if (request.canaryLine() != null) {
            extra.add(Checks.canary(request.canaryLine()));
        }
        request.sqlChecks().forEach(q -> extra.add(Checks.sql(q)));
        VerifiedRestoreResult restored = pipeline.run(VerifiedRestoreRequest.of(drillId, request.repository(), backup,
                        request.sandbox(), new Target.Sandbox(request.guard(), request.table(), false))
                .withSpotChecks(request.spotChecks())
                .withExtraChecks(extra)
                .withBeforeVerification(request.beforeVerification())
                .withProgress(request.progress())
                .withWorkers(request.workers()));
        return finish(request, drillId, started, backup, restored);
    }

    private static DrillResult finish(DrillRequest request, String drillId, Instant started, BackupRef backup,
            VerifiedRestoreResult r) {
        Outcome outcome = switch (r.verdict()) {
            case VERIFIED -> Outcome.PASSED;
            case FAILED_VERIFICATION, DAMAGED -> Outcome.FAILED;
            case ERROR -> Outcome.ERROR;
        };
        Instant finished = request.clock().instant();
        DrillResult result = new DrillResult(drillId, request.source(), request.table(),
                backup == null ? null : backup.id().value(),
                backup == null ? null : Duration.between(backup.id().time(), started),
                r.target(), request.sandbox().info().endpoint(), started, finished, outcome,
                r.phases(), r.checks(), r.recoveryTime(), r.items(), r.bytes(), r.errors(), r.warnings());
        if (outcome == Outcome.PASSED) {
            log.info("Drill {} of {} PASSED: {} items, recovery time {} ms", drillId, request.table(), r.items(),
                    r.recoveryTime().toMillis());
        } else {
            log.warn("Drill {} of {} {}: {}", drillId, request.table(), outcome, String.join(" | ", r.errors()));
        }
        return result;
    }
}
