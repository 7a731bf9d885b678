/**
 * The one restore pipeline. {@link dev.rehearsal.drill.pipeline.VerifiedRestore} claims a target
 * (a sandbox table through the sandbox guard, or a new table outside the sandbox through the
 * ledger), restores a committed backup into it with {@link dev.rehearsal.drill.restore.RestoreRunner},
 * verifies it with the standard checks and any the request adds, and always disposes of what it
 * claimed as the {@link dev.rehearsal.drill.pipeline.Target} says: a drill's sandbox is deleted, an
 * on-demand sandbox is kept when verified, a new table is kept when verified and deleted otherwise.
 * Drills, on-demand restores and admin restores all run here; callers schedule, persist and count
 * what it returns. Nothing here knows an engine.
 */
package dev.rehearsal.drill.pipeline;
