package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.drill.drill.BackupSelection;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.verify.SqlCheck;
import java.nio.charset.StandardCharsets;

/**
 * A table's drill as its policy asks for it (spot checks, canary, SQL checks, which backup), the one
 * way the daemon builds a {@link DrillRequest}: for a table's own drill and for a plan drill alike.
 */
public final class DrillRequests {

    private DrillRequests() {
    }

    /** @param backupId the backup to drill, or null for the policy's choice (the newest, or a random recent one) */
    public static DrillRequest forPolicy(Engines engines, String source, String table, String backupId) {
        RehearsalProperties.Policy p = engines.policyFor(source, table).orElseThrow(() -> new IllegalStateException(
                "no policy covers table '" + table + "' of source '" + source + "'")).getValue();
        var sandbox = engines.sandboxFor(source).orElseThrow(() -> new IllegalStateException(
                "rehearsal.sandbox is not configured for source '" + source + "'; drills need a sandbox"));
        return DrillRequest.of(source, table, new BackupRepository(engines.store(p.store())), sandbox,
                        engines.guardFor(source).orElseThrow())
                .withSpotChecks(p.spotChecks())
                .withSelection(backupId != null ? BackupSelection.exactly(BackupId.parse(backupId))
                        : p.drillRandomWithin() != null ? BackupSelection.randomWithin(p.drillRandomWithin())
                        : BackupSelection.newest())
                .withCanary(p.canary() == null ? null : p.canary().getBytes(StandardCharsets.UTF_8))
                .withSqlChecks(p.sqlChecks().stream().map(c -> new SqlCheck(c.name(), c.query(), c.expected())).toList());
    }
}
