package dev.rehearsal.drill.drill;

import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a drill found.
 *
 * @param backupId        the backup restored, or null if none could be picked
 * @param backupAge       its age when the drill started, or null
 * @param sandboxTable    the sandbox table's name, or null if none was created
 * @param sandboxEndpoint where the sandbox lived
 * @param phases          wall-clock time of each phase that ran, in order
 * @param recoveryTime    the measured RTO: time to a verified, ready table (every phase but clean-up);
 *                        null unless the restore completed
 * @param items           items restored
 * @param bytes           bytes of item data restored (uncompressed JSON)
 * @param errors          why the drill failed or erred, each naming the object, key or table at fault
 * @param warnings        things a reader should know that did not decide the outcome
 */
public record DrillResult(
        String drillId,
        String source,
        String table,
        String backupId,
        Duration backupAge,
        String sandboxTable,
        String sandboxEndpoint,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        Map<Phase, Duration> phases,
        List<CheckResult> checks,
        Duration recoveryTime,
        long items,
        long bytes,
        List<String> errors,
        List<String> warnings) {

    public DrillResult {
        // Kept to the millisecond, as reports write them, so that a report read back is the same result.
        Map<Phase, Duration> millis = new java.util.EnumMap<>(Phase.class);
        phases.forEach((p, d) -> millis.put(p, toMillis(d)));
        phases = Map.copyOf(millis);
        backupAge = toMillis(backupAge);
        recoveryTime = toMillis(recoveryTime);
        checks = List.copyOf(checks);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    private static Duration toMillis(Duration d) {
        return d == null ? null : Duration.ofMillis(Math.round(d.toNanos() / 1e6));
    }

    /** Restore throughput over the data load, items a second; 0 if nothing was loaded. */
    public double itemsPerSecond() {
        Duration load = phases.get(Phase.DATA_LOAD);
        return load == null || load.isZero() ? 0 : items / (load.toNanos() / 1e9);
    }

    /** Restore throughput over the data load, bytes a second; 0 if nothing was loaded. */
    public double bytesPerSecond() {
        Duration load = phases.get(Phase.DATA_LOAD);
        return load == null || load.isZero() ? 0 : bytes / (load.toNanos() / 1e9);
    }
}
