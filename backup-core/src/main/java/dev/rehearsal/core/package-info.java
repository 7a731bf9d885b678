/**
 * Value types shared by every part of Rehearsal: {@link dev.rehearsal.core.BackupId} and
 * {@link dev.rehearsal.core.BackupRef}.
 *
 * <p>backup-core knows nothing of Spring, scheduling or metrics; an ArchUnit test keeps it so.
 */
package dev.rehearsal.core;
