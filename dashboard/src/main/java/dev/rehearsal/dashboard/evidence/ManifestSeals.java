package dev.rehearsal.dashboard.evidence;

import java.util.Optional;

/** The seal ({@code manifestSha256}) of a backup's manifest, read from its store; empty if it cannot be read. */
@FunctionalInterface
public interface ManifestSeals {

    ManifestSeals NONE = (source, table, backupId) -> Optional.empty();

    Optional<String> seal(String source, String table, String backupId);
}
