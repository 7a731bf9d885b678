package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.TableId;
import dev.rehearsal.core.format.FormatException;
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

/**
 * Everything that can be known about a backup, drill or restore request before it starts, checked
 * in one place for the API and the dashboard alike: names within the engine's limits, the source
 * configured, the table covered, a committed backup in a readable store, a sandbox for the engine,
 * and a new table's name free and outside the sandbox. Each check refuses with a {@link Refusal}
 * that names the thing; what passes is returned resolved, for {@link OnDemand} to start.
 */
public final class Preflight {

    /** What a source name may be (as {@link BackupRef} requires); longer or other input is refused before any lookup. */
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** Drill and restore ids: {@link dev.rehearsal.drill.sandbox.SandboxGuard#newDrillId}'s form. */
    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9-]{6,40}");
    /** The longest table name any engine has (DynamoDB's), for names given without a source. */
    private static final int MAX_TABLE = 255;

    /** A covered table with its policy's name and settings. */
    public record Covered(String source, String table, String policyName, RehearsalProperties.Policy policy) {
    }

    /** A restore that passed every check: the backup exists, and the target (a new table, or a sandbox if null) is free. */
    public record Restore(Covered table, BackupRef backup, String newTable, boolean keepPartial) {
    }

    /** A drill that passed every check, with the backup it restores (the newest, if none was named). */
    public record Drill(Covered table, BackupRef backup) {
    }

    private final RehearsalProperties config;
    private final Engines engines;
    private final CoverageAudit coverage;

    public Preflight(RehearsalProperties config, Engines engines, CoverageAudit coverage) {
        this.config = config;
        this.engines = engines;
        this.coverage = coverage;
    }

    /** A configured source's name. */
    public String source(String source) {
        if (source == null || source.isBlank()) {
            throw Refusal.badRequest("'source' is required: one of " + config.sources().keySet());
        }
        if (!SOURCE_NAME.matcher(source).matches()) {
            throw Refusal.badRequest("'source' is not a source name: '" + abbreviate(source) + "'; source names have 1 to"
                    + " 63 characters of a-z, 0-9, '.', '_' and '-'; configured sources: " + config.sources().keySet());
        }
        if (!config.sources().containsKey(source)) {
            throw Refusal.notFound("unknown source '" + source + "'; configured sources: " + config.sources().keySet());
        }
        return source;
    }

    /** Checks a table name against the limits of {@code source}'s engine. */
    public void tableName(String source, String field, String name) {
        if (name == null || name.isBlank()) {
            throw Refusal.badRequest("'" + field + "' is required");
        }
        engines.tableNameProblem(source, name).ifPresent(limit -> {
            throw Refusal.badRequest("'" + field + "' is not a valid table name: '" + abbreviate(name) + "'; " + limit);
        });
    }

    /** Checks a table name given without a source (a list filter) against the widest engine limit. */
    public static void anyTableName(String field, String name) {
        if (name.length() > MAX_TABLE || name.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.badRequest("'" + field + "' is not a valid table name: '" + abbreviate(name) + "'; table names"
                    + " have at most " + MAX_TABLE + " characters and no control characters");
        }
    }

    /** A table of a configured source, as the coverage audit last saw it. */
    public TableStatus table(String source, String table) {
        source(source);
        tableName(source, "table", table);
        return coverage.table(source, table).orElseThrow(() -> Refusal.notFound("source '" + source
                + "' has no table '" + table + "' (as of the last coverage audit)"));
    }

    /** A table a policy covers: the only ones Rehearsal backs up, drills and restores. */
    public Covered covered(String source, String table) {
        table(source, table);
        Map.Entry<String, RehearsalProperties.Policy> policy = engines.policyFor(source, table)
                .orElseThrow(() -> Refusal.conflict("table '" + table + "' of source '" + source + "' is not covered by"
                        + " any policy; add it to a policy's tables to protect it"));
        return new Covered(source, table, policy.getKey(), policy.getValue());
    }

    /**
     * A table a policy covers by its name, whether or not its source lists it now: what a restore
     * into a new table needs, since the table it brings back may be exactly the one that is gone.
     */
    public Covered coveredByName(String source, String table) {
        source(source);
        tableName(source, "table", table);
        Map.Entry<String, RehearsalProperties.Policy> policy = engines.policyFor(source, table)
                .orElseThrow(() -> Refusal.conflict("table '" + table + "' of source '" + source + "' is not covered by"
                        + " any policy; add it to a policy's tables to protect it"));
        return new Covered(source, table, policy.getKey(), policy.getValue());
    }

    /** A backup may start: the table is covered and its store can be written. */
    public Covered backup(String source, String table) {
        Covered t = covered(source, table);
        String store = t.policy().store();
        try {
            engines.store(store).probe();
        } catch (IOException | RuntimeException e) {
            throw new Refusal(HttpStatus.BAD_GATEWAY, "store '" + store + "' of table '" + table + "' cannot be"
                    + " written now, so no backup was started: " + e.getMessage());
        }
        return t;
    }

    /** A drill may start: covered, a sandbox for the engine, and a committed backup (the given one, or any). */
    public Drill drill(String source, String table, String backupId) {
        Covered t = covered(source, table);
        sandbox(t);
        return new Drill(t, backupId == null ? newest(t) : committed(t, backupId).ref());
    }

    /**
     * A restore may start: covered, a committed backup, and a target that is free. A sandbox restore
     * needs a sandbox for the engine; a restore into a new table needs an engine that can, and a
     * name that is valid, outside the sandbox prefix, and not taken.
     */
    public Restore restore(String source, String table, String backupId, String newTable, boolean keepPartial) {
        // A restore into a new table may bring back a table its source no longer has (a dropped table
        // under its own name): a policy covering the name and a committed backup are what it needs.
        Covered t = newTable == null ? covered(source, table) : coveredByName(source, table);
        if (newTable == null) {
            sandbox(t);
        } else {
            newTable(t, newTable);
        }
        BackupRef backup = backupId == null ? newest(t) : committed(t, backupId).ref();
        return new Restore(t, backup, newTable, keepPartial);
    }

    /** A committed backup of a covered table and its manifest. */
    public Found manifest(String source, String table, String backupId) {
        return committed(covered(source, table), backupId);
    }

    /** A table as a form names it, {@code source/table}, or a 400 saying how to name one. */
    public static TableId tableId(String value) {
        try {
            return TableId.parse(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest(abbreviate(value) + " does not name a table; the form sends source/table");
        }
    }

    /** A committed backup and its manifest. */
    public record Found(BackupRef ref, Manifest manifest) {
    }

    /** The id of a drill or a restore (they share a form), or a 400 naming which it should have been. */
    public static String runId(String kind, String value) {
        if (value == null || !RUN_ID.matcher(value).matches()) {
            throw Refusal.badRequest("'" + abbreviate(value) + "' is not a " + kind + " id; " + kind + " ids look like"
                    + " 20261121t101500-9f3a61");
        }
        return value;
    }

    /** Whether a value has the form of a drill or restore id, for pages that answer 404 rather than 400. */
    public static boolean isRunId(String value) {
        return value != null && RUN_ID.matcher(value).matches();
    }

    public static BackupId backupId(String value) {
        if (!BackupId.isValid(value)) {
            throw Refusal.badRequest("'" + abbreviate(value) + "' is not a backup id; backup ids look like"
                    + " 20261121T101500.000Z-9f3a61c2");
        }
        return BackupId.parse(value);
    }

    private void sandbox(Covered t) {
        if (engines.sandboxFor(t.source()).isEmpty()) {
            throw Refusal.conflict("rehearsal.sandbox has no sandbox for the engine of source '" + t.source()
                    + "' (table '" + t.table() + "'); drills and sandbox restores need one");
        }
    }

    private void newTable(Covered t, String target) {
        tableName(t.source(), "targetTable", target);
        String prefix = engines.guardFor(t.source()).map(g -> g.prefix()).orElse(null);
        if (prefix != null && target.startsWith(prefix)) {
            throw Refusal.badRequest("'targetTable' '" + target + "' starts with the sandbox prefix '" + prefix
                    + "'; choose a name outside the sandbox, or leave it out for a sandbox restore");
        }
        boolean exists;
        try {
            exists = engines.recoverySink(t.source()).exists(target);
        } catch (UnsupportedOperationException e) {
            throw Refusal.conflict(e.getMessage());
        } catch (RuntimeException e) {
            throw new Refusal(HttpStatus.BAD_GATEWAY, "source '" + t.source() + "' could not be asked whether table '"
                    + target + "' exists, so nothing was started: " + e.getMessage());
        }
        if (exists) {
            throw Refusal.conflict("table '" + target + "' exists in source '" + t.source()
                    + "'; Rehearsal never restores over an existing table: choose a new name");
        }
    }

    private BackupRef newest(Covered t) {
        BackupRepository repository = repository(t);
        try {
            return repository.newest(t.source(), t.table()).orElseThrow(() -> Refusal.conflict("table '" + t.table()
                    + "' of source '" + t.source() + "' has no committed backup in store '" + t.policy().store()
                    + "'; back it up first"));
        } catch (IOException e) {
            throw unreadable(t, e);
        }
    }

    private Found committed(Covered t, String backupId) {
        BackupRef ref = new BackupRef(t.source(), t.table(), backupId(backupId));
        try {
            return new Found(ref, repository(t).manifest(ref));
        } catch (NoSuchObjectException e) {
            throw Refusal.notFound("no committed backup " + backupId + " of table '" + t.table() + "' in store '"
                    + t.policy().store() + "'");
        } catch (FormatException e) {
            throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "backup " + backupId + " of table '" + t.table()
                    + "' in store '" + t.policy().store() + "' is damaged: " + e.getMessage());
        } catch (IOException e) {
            throw unreadable(t, e);
        }
    }

    private BackupRepository repository(Covered t) {
        return new BackupRepository(engines.store(t.policy().store()));
    }

    private static Refusal unreadable(Covered t, IOException e) {
        return new Refusal(HttpStatus.BAD_GATEWAY, "store '" + t.policy().store() + "' could not be read for table '"
                + t.table() + "', so nothing was started: " + e.getMessage());
    }

    /** A value quoted in a message, cut to a readable length. */
    public static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
