package dev.rehearsal.drill.drill;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.restore.RestoreFailedException;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.TargetExistsException;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.Checks;
import dev.rehearsal.drill.verify.VerificationContext;
import dev.rehearsal.drill.verify.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one drill: pick a committed backup, restore it into a fresh sandbox table, verify it, and
 * delete the sandbox, also when anything failed. It returns a result rather than throwing: a drill
 * that could not run is an {@link Outcome#ERROR}, not an exception.
 */
public final class DrillRunner {

    private static final Logger log = LoggerFactory.getLogger(DrillRunner.class);

    private final RestoreRunner restores = new RestoreRunner();
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
        Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
        List<CheckResult> checks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Outcome outcome;
        BackupRef backup = null;
        SandboxTable sandbox = null;
        Duration recoveryTime = null;
        long items = 0;
        long bytes = 0;
        try {
            Optional<BackupRef> picked = request.selection().pick(
                    request.repository().committed(request.source(), request.table()), started);
            if (picked.isEmpty()) {
                throw new IllegalStateException("no committed backup of table '" + request.table() + "' from source '"
                        + request.source() + "' in store " + request.repository().store().name()
                        + " matches selection " + request.selection());
            }
            backup = picked.get();
            sandbox = request.guard().sandboxFor(request.table(), drillId);
            log.info("Drill {} of {}: restoring backup {} into sandbox '{}' at {}", drillId, request.table(),
                    backup.id(), sandbox.name(), request.sandbox().info().endpoint());
            // Recorded before the table exists, so that ownership can be proven on engines without tags.
            request.guard().ledger().record(sandbox.name(), drillId);
            RestoreResult restored = restores.run(RestoreRequest.of(request.repository(), backup, request.sandbox(),
                            sandbox.name())
                    .withTags(Map.of(SandboxGuard.DRILL_TAG, drillId))
                    .withSamples(request.spotChecks())
                    .withProgress(request.progress()));
            phases.putAll(restored.phases());
            items = restored.items();
            bytes = restored.bytes();
            warnings.addAll(restored.warnings());

            if (request.beforeVerification() != null) {
                request.beforeVerification().accept(sandbox.name());
            }
            long verifyStart = System.nanoTime();
            VerificationContext context = new VerificationContext(request.repository(), backup, restored.manifest(),
                    request.sandbox(), sandbox.name(), restored.samples());
            List<Verifier> verifiers = new ArrayList<>(Checks.standard());
            if (request.canaryLine() != null) {
                verifiers.add(Checks.canary(request.canaryLine()));
            }
            request.sqlChecks().forEach(q -> verifiers.add(Checks.sql(q)));
            for (Verifier v : verifiers) {
                checks.add(v.verify(context));
            }
            phases.put(Phase.VERIFICATION, Duration.ofNanos(System.nanoTime() - verifyStart));
            recoveryTime = phases.values().stream().reduce(Duration.ZERO, Duration::plus);
            outcome = checks.stream().allMatch(CheckResult::passed) ? Outcome.PASSED : Outcome.FAILED;
            checks.stream().filter(c -> !c.passed())
                    .forEach(c -> errors.add(c.check() + " failed: " + c.evidence()
                            + (c.details().isEmpty() ? "" : "; " + String.join("; ", c.details()))));
        } catch (RestoreFailedException e) {
            phases.putAll(e.phases());
            outcome = e.backupDamaged() ? Outcome.FAILED : Outcome.ERROR;
            errors.add(e.getMessage());
            if (e.getCause() instanceof TargetExistsException) {
                // Someone else's table holds the sandbox's name. The ledger entry written before
                // CreateTable would pass it off as this drill's, to the clean-up below and to the
                // janitor later: withdraw it, and there is no sandbox to delete.
                request.guard().ledger().release(sandbox.name());
                sandbox = null;
            }
        } catch (InterruptedException e) {
            cleanUp(request, sandbox, phases, errors);
            throw e;
        } catch (RuntimeException | java.io.IOException e) {
            outcome = Outcome.ERROR;
            errors.add(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        cleanUp(request, sandbox, phases, errors);

        Instant finished = request.clock().instant();
        DrillResult result = new DrillResult(drillId, request.source(), request.table(),
                backup == null ? null : backup.id().value(),
                backup == null ? null : Duration.between(backup.id().time(), started),
                sandbox == null ? null : sandbox.name(), request.sandbox().info().endpoint(), started, finished, outcome,
                phases, checks, recoveryTime, items, bytes, errors, warnings);
        if (outcome == Outcome.PASSED) {
            log.info("Drill {} of {} PASSED: {} items, recovery time {} ms", drillId, request.table(), items,
                    recoveryTime.toMillis());
        } else {
            log.warn("Drill {} of {} {}: {}", drillId, request.table(), outcome, String.join(" | ", errors));
        }
        return result;
    }

    /** Deletes the sandbox whatever happened; a failure here is reported, and the janitor retries later. */
    private static void cleanUp(DrillRequest request, SandboxTable sandbox, Map<Phase, Duration> phases, List<String> errors) {
        if (sandbox == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            if (request.sandbox().exists(sandbox.name())) {
                request.sandbox().drop(sandbox);
            } else {
                request.guard().ledger().release(sandbox.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("sandbox '" + sandbox.name() + "' was not deleted (interrupted); the janitor will remove it");
        } catch (RuntimeException e) {
            errors.add("sandbox '" + sandbox.name() + "' could not be deleted: " + e.getMessage()
                    + "; the janitor will remove it");
        }
        phases.put(Phase.CLEANUP, Duration.ofNanos(System.nanoTime() - start));
    }
}
