/**
 * The daemon's jobs and what starts them. Backups ({@link dev.rehearsal.dashboard.jobs.BackupJob}),
 * drills ({@link dev.rehearsal.dashboard.jobs.DrillJob}) and restores
 * ({@link dev.rehearsal.dashboard.jobs.RestoreJob}) are Spring Batch jobs on the JDBC job
 * repository; retention ({@link dev.rehearsal.dashboard.jobs.Retention}) follows each committed
 * backup. {@link dev.rehearsal.dashboard.jobs.Preflight} checks an operator's request before
 * anything starts, {@link dev.rehearsal.dashboard.jobs.OnDemand} starts it in a thread of its own,
 * and {@link dev.rehearsal.dashboard.jobs.RunningRestores} is the one in-memory record of each
 * running restore and pushes its progress to its listeners.
 *
 * <p><b>One job per table.</b> There is one mechanism, in
 * {@link dev.rehearsal.dashboard.jobs.LaunchGuard}: every launch of a backup or drill, whatever
 * asked for it, takes the table's ShedLock lock in the catalog, which every replica shares, and
 * holds it while the job runs; the job repository is the truth of what runs (an execution still
 * STARTED), and a scheduled job's cron tick is part of its identity there, so that two replicas
 * firing the same tick make one job instance between them. A process that dies holding a lock is
 * found by its stale heartbeat in the job repository; recovery marks its execution failed and
 * expires its lock.
 */
package dev.rehearsal.dashboard.jobs;
