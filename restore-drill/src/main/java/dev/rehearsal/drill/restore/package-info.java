/**
 * The restore pipeline: {@link dev.rehearsal.drill.restore.RestoreRunner} checks a committed
 * backup's objects, creates the target from the manifest, streams the data objects into it with
 * bounded concurrency (checking each object's SHA-256 and item count as it is read), and finishes
 * indexes, timing each {@link dev.rehearsal.drill.restore.Phase}. It writes only to its target.
 */
package dev.rehearsal.drill.restore;
