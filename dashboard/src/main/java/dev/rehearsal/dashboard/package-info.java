/**
 * The Rehearsal daemon: it reads {@code rehearsal.*} configuration, validates it, runs backups and
 * drills as Spring Batch jobs on the policies' schedules, records them in the catalog, and exports
 * metrics. Pipelines live in backup-core and restore-drill; this module only wires, schedules,
 * persists and counts.
 */
package dev.rehearsal.dashboard;
