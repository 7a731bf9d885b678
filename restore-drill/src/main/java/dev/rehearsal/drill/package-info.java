/**
 * Restores and rehearsal drills: a backup is restored into a sandbox, verified, timed, reported
 * and cleaned up.
 *
 * <p>Data flows one way: {@code BackupRepository} → {@code restore.RestoreRunner} → {@code sink.TableSink}
 * in a sandbox → {@code verify.Verifier}s → {@code drill.DrillResult} → listeners such as
 * {@code metrics.DrillMetrics}. Only {@code sandbox.SandboxGuard} decides what may be deleted.
 */
package dev.rehearsal.drill;
