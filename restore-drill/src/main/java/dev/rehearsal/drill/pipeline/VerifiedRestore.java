package dev.rehearsal.drill.pipeline;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.drill.restore.Cancels;
import dev.rehearsal.drill.restore.Leftover;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.restore.RestoreFailedException;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.SandboxAdmin;
import dev.rehearsal.drill.sink.TargetExistsException;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.Checks;
import dev.rehearsal.drill.verify.VerificationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a committed backup into a target it claims, verifies it, and always disposes of what it
 * claimed: the one sequence behind drills, on-demand restores and admin restores (see the package
 * description). It returns a result rather than throwing, but for a cancel, which it reports as
 * {@link Cancelled} once the target has been dealt with.
 */
public final class VerifiedRestore {

    private static final Logger log = LoggerFactory.getLogger(VerifiedRestore.class);

    private final RestoreRunner restores = new RestoreRunner();

    /** A restore stopped by an interrupt; what it had claimed has been disposed of as {@link #disposal()} says. */
    public static final class Cancelled extends InterruptedException {
        private final transient VerifiedRestoreResult result;

        Cancelled(VerifiedRestoreResult result) {
            super("cancelled; " + result.disposal());
            this.result = result;
        }

        public VerifiedRestoreResult result() {
            return result;
        }

        public String disposal() {
            return result.disposal();
        }
    }

    /** A claimed target: its name and, for a sandbox, the guard's acceptance of it. */
    private record Claim(String name, SandboxTable sandbox) {
    }

    /** What disposal did: the words, a table left behind, and whether the target turned out not to be ours. */
    private record Disposal(String words, String partialTable, boolean ours) {
    }

    public VerifiedRestoreResult run(VerifiedRestoreRequest request) throws Cancelled {
        Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
        List<CheckResult> checks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Claim claim = null;
        Manifest manifest = null;
        Duration recoveryTime = null;
        long items = 0;
        long bytes = 0;
        boolean existedBefore = false;
        Verdict verdict;
        try {
            claim = claim(request);
            log.info("Restoring backup {} into '{}' at {} ({})", request.backup(), claim.name(),
                    request.sink().info().endpoint(), request.runId());
            RestoreResult restored = restores.run(RestoreRequest.of(request.repository(), request.backup(),
                            request.sink(), claim.name())
                    .withTags(tags(request))
                    .withOnDemand(request.target() instanceof Target.Sandbox)
                    .withSamples(request.spotChecks())
                    .withProgress(request.progress())
                    .withWorkers(request.workers()));
            phases.putAll(restored.phases());
            manifest = restored.manifest();
            items = restored.items();
            bytes = restored.bytes();
            warnings.addAll(restored.warnings());

            if (request.beforeVerification() != null) {
                request.beforeVerification().accept(claim.name());
            }
            long verifyStart = System.nanoTime();
            VerificationContext context = new VerificationContext(request.repository(), request.backup(), manifest,
                    request.sink(), claim.name(), restored.samples(), request.workers());
            checks.addAll(Checks.run(context, request.extraChecks()));
            phases.put(Phase.VERIFICATION, Duration.ofNanos(System.nanoTime() - verifyStart));
            recoveryTime = phases.values().stream().reduce(Duration.ZERO, Duration::plus);
            verdict = checks.stream().allMatch(CheckResult::passed) ? Verdict.VERIFIED : Verdict.FAILED_VERIFICATION;
            checks.stream().filter(c -> !c.passed())
                    .forEach(c -> errors.add(c.check() + " failed: " + c.evidence()
                            + (c.details().isEmpty() ? "" : "; " + String.join("; ", c.details()))));
        } catch (RestoreFailedException e) {
            phases.putAll(e.phases());
            verdict = e.backupDamaged() ? Verdict.DAMAGED : Verdict.ERROR;
            errors.add(e.getMessage());
            existedBefore = e.getCause() instanceof TargetExistsException;
        } catch (InterruptedException e) {
            throw cancelled(request, claim, manifest, phases, checks, items, bytes, errors, warnings);
        } catch (RuntimeException e) {
            if (Thread.interrupted() || Cancels.causedByInterrupt(e)) {
                // A cancel that reached a client call during verification shows as the client's own exception.
                throw cancelled(request, claim, manifest, phases, checks, items, bytes, errors, warnings);
            }
            verdict = Verdict.ERROR;
            errors.add(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        Disposal disposal = dispose(request, claim, verdict == Verdict.VERIFIED, existedBefore, phases, errors);
        return new VerifiedRestoreResult(disposal.ours() && claim != null ? claim.name() : null, manifest, verdict,
                checks, phases, recoveryTime, items, bytes, errors, warnings, disposal.words(), disposal.partialTable());
    }

    private Cancelled cancelled(VerifiedRestoreRequest request, Claim claim, Manifest manifest, Map<Phase, Duration> phases,
            List<CheckResult> checks, long items, long bytes, List<String> errors, List<String> warnings) {
        Thread.interrupted(); // the cancel has been seen; disposing of the target must not be cut short by it
        Disposal disposal = dispose(request, claim, false, false, phases, errors);
        log.warn("Restore {} of backup {} cancelled; {}", request.runId(), request.backup(), disposal.words());
        return new Cancelled(new VerifiedRestoreResult(claim == null ? null : claim.name(), manifest, Verdict.ERROR,
                checks, phases, null, items, bytes, errors, warnings, disposal.words(), disposal.partialTable()));
    }

    /** Claims the target before it exists: the guard names and accepts a sandbox and the ledger records it; a new table is recorded. */
    private static Claim claim(VerifiedRestoreRequest request) {
        if (request.target() instanceof Target.Sandbox s) {
            SandboxTable table = s.guard().sandboxFor(s.sourceTable(), request.runId());
            s.guard().ledger().record(table.name(), request.runId());
            return new Claim(table.name(), table);
        }
        Target.NewTable t = (Target.NewTable) request.target();
        try {
            t.ledger().record(t.name(), request.runId());
        } catch (RuntimeException e) {
            throw new IllegalStateException("table '" + t.name() + "' is claimed by "
                    + t.ledger().owner(t.name()).map(o -> "run " + o).orElse("another run")
                    + "; nothing was created: " + e.getMessage(), e);
        }
        return new Claim(t.name(), null);
    }

    private static Map<String, String> tags(VerifiedRestoreRequest request) {
        return request.target() instanceof Target.Sandbox ? Map.of(SandboxGuard.DRILL_TAG, request.runId())
                : Map.of(RestoredTables.RESTORE_TAG, request.runId());
    }

    /**
     * Disposes of the target as its kind asks: a verified table is kept where the target keeps it;
     * anything else this run created is deleted (a new table may be kept as partial instead). A table
     * that existed before the run is never touched, and its claim is withdrawn.
     */
    private static Disposal dispose(VerifiedRestoreRequest request, Claim claim, boolean verified, boolean existedBefore,
            Map<Phase, Duration> phases, List<String> errors) {
        if (claim == null) {
            return new Disposal("no table was created", null, true);
        }
        if (existedBefore) {
            // Someone else's table holds the name. The claim would pass it off as this run's, to the clean-up
            // below and to the janitor later: withdraw it, and there is nothing to delete.
            release(request, claim);
            return new Disposal("table '" + claim.name() + "' existed already and was left untouched", null, false);
        }
        if (request.target() instanceof Target.NewTable t) {
            if (verified) {
                release(request, claim); // a restored table is the operator's now, never Rehearsal's to delete
                return new Disposal("table '" + t.name() + "' is restored and verified", null, true);
            }
            Leftover left = removeOrMark(request.sink(), t, request.runId());
            return new Disposal(left.words(), left.partialTable(), true);
        }
        Target.Sandbox s = (Target.Sandbox) request.target();
        if (verified && s.keepWhenVerified()) {
            return new Disposal("sandbox table '" + claim.name() + "' is kept for inspection; the janitor removes it"
                    + " later", null, true);
        }
        long start = System.nanoTime();
        String words;
        try {
            if (request.sink().exists(claim.name())) {
                request.sink().drop(claim.sandbox());
                words = "sandbox table '" + claim.name() + "' was deleted";
            } else {
                s.guard().ledger().release(claim.name());
                words = "no table was created";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            words = "sandbox table '" + claim.name() + "' could not be deleted now; the janitor removes it later";
            errors.add("sandbox '" + claim.name() + "' was not deleted (interrupted); the janitor will remove it");
        } catch (RuntimeException e) {
            words = "sandbox table '" + claim.name() + "' could not be deleted now; the janitor removes it later";
            errors.add("sandbox '" + claim.name() + "' could not be deleted: " + e.getMessage()
                    + "; the janitor will remove it");
        }
        phases.put(Phase.CLEANUP, Duration.ofNanos(System.nanoTime() - start));
        return new Disposal(words, null, true);
    }

    /**
     * For a restore into a new table whose process died before it answered (kill -9, a lost node):
     * disposes of the table it may have created as a failed restore would, if the ledger shows the
     * dead run claimed it; a name it never claimed is not touched.
     */
    public static Leftover abandoned(SandboxAdmin sink, Target.NewTable target, String runId) {
        if (!target.ledger().owner(target.name()).map(runId::equals).orElse(false)) {
            return new Leftover(null, "no table was claimed");
        }
        return removeOrMark(sink, target, runId);
    }

    /** Deletes a new table this run claimed (or keeps it partial); a table that is gone is no longer claimed. */
    private static Leftover removeOrMark(SandboxAdmin sink, Target.NewTable target, String runId) {
        Leftover left = Leftover.cleanUp(sink, target.name(), runId, target.keepPartial());
        if (left.partialTable() == null) {
            try {
                target.ledger().release(target.name());
            } catch (RuntimeException e) {
                log.warn("Could not withdraw the claim on table '{}': {}", target.name(), e.toString());
            }
        }
        return left;
    }

    private static void release(VerifiedRestoreRequest request, Claim claim) {
        try {
            if (request.target() instanceof Target.NewTable t) {
                t.ledger().release(claim.name());
            } else {
                ((Target.Sandbox) request.target()).guard().ledger().release(claim.name());
            }
        } catch (RuntimeException e) {
            log.warn("Could not withdraw the claim on table '{}': {}", claim.name(), e.toString());
        }
    }
}
