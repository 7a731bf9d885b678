package dev.rehearsal.core.source;

/**
 * What guards a source table against the incident Rehearsal exists for: a script that deletes it.
 * Each field is null where the engine has no such setting or cannot report it.
 *
 * @param deletionProtection  the engine refuses to delete the table while this is on
 * @param pointInTimeRecovery the engine keeps its own continuous backups of the table
 */
public record TableProtection(Boolean deletionProtection, Boolean pointInTimeRecovery) {

    public static final TableProtection UNKNOWN = new TableProtection(null, null);
}
