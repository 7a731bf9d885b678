package dev.rehearsal.drill.restore;

import java.time.Duration;
import java.util.Map;

/**
 * A restore that did not finish. {@link #backupDamaged()} tells a damaged backup (a missing,
 * truncated or altered object, an edited manifest) from a failure of the target or the store.
 */
public class RestoreFailedException extends Exception {

    private final Phase phase;
    private final boolean backupDamaged;
    private final boolean targetCreated;
    private final Map<Phase, Duration> phases;

    public RestoreFailedException(String message, Throwable cause, Phase phase, boolean backupDamaged,
            boolean targetCreated, Map<Phase, Duration> phases) {
        super(message, cause);
        this.phase = phase;
        this.backupDamaged = backupDamaged;
        this.targetCreated = targetCreated;
        this.phases = Map.copyOf(phases);
    }

    /** The phase that failed. */
    public Phase phase() {
        return phase;
    }

    public boolean backupDamaged() {
        return backupDamaged;
    }

    /** Whether the target table was created before the failure (and so may hold part of the data). */
    public boolean targetCreated() {
        return targetCreated;
    }

    /** Timings of the phases that ran, the failed one included. */
    public Map<Phase, Duration> phases() {
        return phases;
    }
}
