package dev.rehearsal.core.backup;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Manifest;
import java.time.Duration;

/** A committed backup: where it is, its manifest, and how long it took from start to commit. */
public record BackupResult(BackupRef ref, Manifest manifest, Duration duration) {
}
