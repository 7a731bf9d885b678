package dev.rehearsal.drill.restore;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Manifest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A restored table, ready for verification.
 *
 * @param phases   wall-clock time of each phase that ran, in order
 * @param items    items written
 * @param bytes    bytes of JSON lines written (uncompressed)
 * @param samples  backup lines chosen at random during the load, for spot checks
 * @param warnings settings that could not be applied to the target
 */
public record RestoreResult(BackupRef backup, Manifest manifest, String target, Map<Phase, Duration> phases,
        long items, long bytes, List<byte[]> samples, List<String> warnings) {

    /** Time from the start of the restore to a loaded table with every index ready. */
    public Duration duration() {
        return phases.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
