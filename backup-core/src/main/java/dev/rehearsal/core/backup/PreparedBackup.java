package dev.rehearsal.core.backup;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Manifest;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A backup between {@link BackupRunner#prepare} and {@link BackupRunner#commit}: what every
 * segment reader and the commit need, as plain values, so that an orchestrator can hand it to
 * segment readers in other threads or processes (Spring Batch partitions, for example).
 *
 * @param ref              where the backup is written
 * @param segments         how many segments the table is read in
 * @param scan             the scan mode, for the manifest
 * @param schema           the table's schema, for the manifest
 * @param approximateItems the source's estimate of the item count
 * @param startedAt        when the backup started
 */
public record PreparedBackup(BackupRef ref, int segments, Manifest.Scan scan, JsonNode schema, long approximateItems,
        Instant startedAt) {
}
