package dev.rehearsal.dashboard.plans;

import dev.rehearsal.dashboard.jobs.Refusal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Which backup of each table an incident run restores.
 *
 * @param kind   {@link Kind#VERIFIED}: the newest backup a passing drill restored and verified;
 *               {@link Kind#NEWEST}: the newest committed one, verified or not; {@link Kind#BEFORE}:
 *               the newest committed one taken before {@code before} (the moment the damage began)
 * @param before for {@link Kind#BEFORE} only
 */
public record BackupChoice(Kind kind, Instant before) {

    public enum Kind { VERIFIED, NEWEST, BEFORE }

    public static final BackupChoice VERIFIED = new BackupChoice(Kind.VERIFIED, null);

    /** From request parameters: {@code backups} (verified, newest, before) and {@code before} (ISO-8601). */
    public static BackupChoice parse(String backups, String before) {
        if (before != null && !before.isBlank()) {
            if (backups != null && !backups.isBlank() && !backups.equalsIgnoreCase("before")) {
                throw Refusal.badRequest("'before' goes with backups=before (or alone), not with backups=" + backups);
            }
            try {
                return new BackupChoice(Kind.BEFORE, Instant.parse(before));
            } catch (DateTimeParseException e) {
                throw Refusal.badRequest("'before' is not an ISO-8601 UTC time such as 2026-12-07T03:00:00Z: '"
                        + dev.rehearsal.dashboard.jobs.Preflight.abbreviate(before) + "'");
            }
        }
        if (backups == null || backups.isBlank() || backups.equalsIgnoreCase("verified")) {
            return VERIFIED;
        }
        if (backups.equalsIgnoreCase("newest")) {
            return new BackupChoice(Kind.NEWEST, null);
        }
        if (backups.equalsIgnoreCase("before")) {
            throw Refusal.badRequest("backups=before needs 'before', the time the damage began (ISO-8601 UTC)");
        }
        throw Refusal.badRequest("'backups' must be verified, newest or before, not '"
                + dev.rehearsal.dashboard.jobs.Preflight.abbreviate(backups) + "'");
    }

    public String words() {
        return switch (kind) {
            case VERIFIED -> "the newest verified backup of each table";
            case NEWEST -> "the newest backup of each table, verified or not";
            case BEFORE -> "the newest backup of each table taken before " + before;
        };
    }
}
