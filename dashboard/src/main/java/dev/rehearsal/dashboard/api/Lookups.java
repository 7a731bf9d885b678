package dev.rehearsal.dashboard.api;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.NoSuchObjectException;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.dashboard.engine.Engines;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Resolves what a request names (source, table, policy, backup), or refuses it with a message that says why. */
@Component
class Lookups {

    static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private final RehearsalProperties config;
    private final Engines engines;
    private final CoverageAudit coverage;

    Lookups(RehearsalProperties config, Engines engines, CoverageAudit coverage) {
        this.config = config;
        this.engines = engines;
        this.coverage = coverage;
    }

    /** A table of a configured source, as the coverage audit last saw it. */
    TableStatus table(String source, String table) {
        if (source == null || source.isBlank()) {
            throw ApiException.badRequest("'source' is required: one of " + config.sources().keySet());
        }
        if (!config.sources().containsKey(source)) {
            throw ApiException.notFound("unknown source '" + source + "'; configured sources: " + config.sources().keySet());
        }
        tableName("table", table);
        return coverage.table(source, table).orElseThrow(() -> ApiException.notFound("source '" + source
                + "' has no table '" + table + "' (as of the last coverage audit)"));
    }

    /** A table a policy covers: the only ones Rehearsal backs up, drills and restores. */
    Map.Entry<String, RehearsalProperties.Policy> covered(String source, String table) {
        table(source, table);
        return engines.policyFor(source, table).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "table '" + table
                + "' of source '" + source + "' is not covered by any policy; add it to a policy's tables to protect it"));
    }

    static void tableName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("'" + field + "' is required");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("'" + field + "' is not a valid table name: '" + abbreviate(name)
                    + "'; use 3 to 255 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
    }

    static BackupId backupId(String value) {
        if (!BackupId.isValid(value)) {
            throw ApiException.badRequest("'" + abbreviate(value) + "' is not a backup id; backup ids look like"
                    + " 20261121T101500.000Z-9f3a61c2");
        }
        return BackupId.parse(value);
    }

    /** The manifest of a committed backup of a covered table. */
    Manifest manifest(String source, String table, String backupId) {
        var policy = covered(source, table);
        BackupRepository repository = new BackupRepository(engines.store(policy.getValue().store()));
        BackupRef ref = new BackupRef(source, table, backupId(backupId));
        try {
            return repository.manifest(ref);
        } catch (NoSuchObjectException e) {
            throw ApiException.notFound("no committed backup " + backupId + " of table '" + table + "' in store '"
                    + policy.getValue().store() + "'");
        } catch (dev.rehearsal.core.format.FormatException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "backup " + backupId + " is damaged: " + e.getMessage());
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "store '" + policy.getValue().store()
                    + "' could not be read: " + e.getMessage());
        }
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
