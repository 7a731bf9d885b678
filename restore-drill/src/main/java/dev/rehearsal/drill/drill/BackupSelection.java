package dev.rehearsal.drill.drill;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Which committed backup a drill restores: the newest, one chosen at random among those taken
 * within a window (so that older backups are rehearsed too), or one named by its id ("prove that
 * the backup from before the incident restores").
 *
 * @param window null for the newest or a named one
 * @param id     the backup to restore, or null
 */
public record BackupSelection(Duration window, BackupId id) {

    private static final Random RANDOM = new Random();

    public static BackupSelection newest() {
        return new BackupSelection(null, null);
    }

    /** Exactly this backup; a drill of it is an error if it is not committed. */
    public static BackupSelection exactly(BackupId id) {
        return new BackupSelection(null, java.util.Objects.requireNonNull(id, "backup id"));
    }

    public static BackupSelection randomWithin(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("backup selection window must be positive, was " + window);
        }
        return new BackupSelection(window, null);
    }

    /** Picks from committed backups listed oldest first. */
    public Optional<BackupRef> pick(List<BackupRef> committed, Instant now) {
        if (committed.isEmpty()) {
            return Optional.empty();
        }
        if (id != null) {
            return committed.stream().filter(r -> r.id().equals(id)).findFirst();
        }
        if (window == null) {
            return Optional.of(committed.get(committed.size() - 1));
        }
        Instant since = now.minus(window);
        List<BackupRef> recent = committed.stream().filter(r -> !r.id().time().isBefore(since)).toList();
        return recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(RANDOM.nextInt(recent.size())));
    }

    @Override
    public String toString() {
        return id != null ? "backup " + id.value() : window == null ? "newest" : "random within " + window;
    }
}
