/**
 * Rehearsal drills: {@link dev.rehearsal.drill.drill.DrillRunner} picks a committed backup, restores
 * it into a fresh sandbox, verifies it, always deletes the sandbox, and returns a
 * {@link dev.rehearsal.drill.drill.DrillResult}; {@link dev.rehearsal.drill.drill.DrillReports}
 * renders it. {@link dev.rehearsal.drill.drill.Janitor} removes sandboxes a crashed drill left.
 */
package dev.rehearsal.drill.drill;
