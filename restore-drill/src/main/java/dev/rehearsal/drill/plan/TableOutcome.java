package dev.rehearsal.drill.plan;

import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What became of one table of a plan run.
 *
 * @param status        how it ended
 * @param runId         the drill's or restore's own id, or null if none was started
 * @param backupId      the backup restored, or null if none was picked
 * @param backupTakenAt when that backup was taken (what was written after it is not in it), or null
 * @param target        the table restored into, or null if none was claimed
 * @param items         items restored
 * @param bytes         bytes of item data restored
 * @param recoveryTime  restore plus verification, when it got that far; else null
 * @param phases        time per phase
 * @param checks        the checks' results
 * @param errors        why it did not verify, each naming the thing
 * @param disposal      what became of the target, in words
 */
public record TableOutcome(Status status, String runId, String backupId, Instant backupTakenAt, String target,
        long items, long bytes, Duration recoveryTime, Map<Phase, Duration> phases, List<CheckResult> checks,
        List<String> errors, String disposal) {

    /** How a table of a plan run ended. */
    public enum Status {
        /** Restored and every check passed. */
        VERIFIED,
        /** Restored, but a check failed or the backup was damaged. */
        FAILED,
        /** It could not be restored (no backup, a refused target, an unreachable server). */
        ERROR,
        /** The plan was cancelled while it ran. */
        CANCELLED,
        /** The plan was cancelled before it started. */
        SKIPPED
    }

    public TableOutcome {
        phases = phases == null ? Map.of() : Map.copyOf(phases);
        checks = checks == null ? List.of() : List.copyOf(checks);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** An outcome with nothing restored: an error, a cancel or a table never started. */
    public static TableOutcome nothing(Status status, String why) {
        return new TableOutcome(status, null, null, null, null, 0, 0, null, Map.of(), List.of(),
                why == null ? List.of() : List.of(why), "no table was created");
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }
}
