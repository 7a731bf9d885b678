/**
 * Backups and drills as Spring Batch jobs on a JDBC job repository, launched by the policies'
 * schedules or on demand; a job still running for a table is not started twice.
 */
package dev.rehearsal.dashboard.jobs;
