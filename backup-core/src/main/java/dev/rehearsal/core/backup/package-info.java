/**
 * The backup pipeline: {@link dev.rehearsal.core.backup.BackupRunner} reads a table's segments in
 * parallel from a {@link dev.rehearsal.core.source.TableSource}, writes data objects through
 * {@link dev.rehearsal.core.format.SegmentWriter}s, and commits the manifest last. It takes a
 * fully resolved {@link dev.rehearsal.core.backup.BackupRequest} and returns a
 * {@link dev.rehearsal.core.backup.BackupResult}; it never schedules, counts metrics or writes a catalog.
 */
package dev.rehearsal.core.backup;
