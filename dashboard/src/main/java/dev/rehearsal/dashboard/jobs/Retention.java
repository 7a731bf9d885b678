package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.RetentionPlan;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A policy's retention, applied after each committed backup of a table. */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Catalog catalog;

    Retention(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Deletes the backups the policy's retention no longer keeps. Never the newest, nor the newest
     * verified one; a failure here is logged and leaves the backup job's success untouched.
     */
    void apply(String source, String table, RehearsalProperties.Policy policy, BackupRepository repository) {
        RehearsalProperties.Retention r = policy.retention();
        RetentionPlan plan = new RetentionPlan(r.keepLast(), r.daily(), r.weekly(), r.monthly());
        try {
            Optional<BackupRef> verified = catalog.newestVerifiedBackup(source, table)
                    .map(id -> new BackupRef(source, table, BackupId.parse(id)));
            for (BackupRef expired : plan.expired(repository.committed(source, table), verified)) {
                repository.deleteExpired(expired);
                catalog.backupDeleted(source, table, expired.id().value());
                log.info("Retention deleted backup {} from {}", expired, repository.store().name());
            }
        } catch (Exception e) {
            log.warn("Retention of {}/{} in {} failed; nothing more was deleted: {}", source, table,
                    repository.store().name(), e.toString());
        }
    }

}
