package dev.rehearsal.drill.pipeline;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a verified restore did.
 *
 * @param target       the table restored into, or null if none was claimed
 * @param manifest     the backup's manifest, or null if it could not be read
 * @param verdict      how it ended
 * @param checks       each check's result, in the order run; empty if the restore did not get that far
 * @param phases       how long each phase took, the failed one included
 * @param recoveryTime restore plus verification, for a restore that reached its checks; else null
 * @param items        items written
 * @param bytes        bytes of backup lines written
 * @param errors       why it did not verify, in words, each naming the thing
 * @param warnings     settings that could not be applied, and clean-ups that must be retried
 * @param disposal     what became of the target, in words ("sandbox table '...' was deleted")
 * @param partialTable a table left behind that holds part of the data at most, or null
 */
public record VerifiedRestoreResult(String target, Manifest manifest, Verdict verdict, List<CheckResult> checks,
        Map<Phase, Duration> phases, Duration recoveryTime, long items, long bytes, List<String> errors,
        List<String> warnings, String disposal, String partialTable) {

    public VerifiedRestoreResult {
        checks = List.copyOf(checks);
        phases = Map.copyOf(phases);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean verified() {
        return verdict == Verdict.VERIFIED;
    }
}
