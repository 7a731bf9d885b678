/**
 * Recovery plans in the daemon: resolving a configured plan to its covered tables
 * ({@link dev.rehearsal.dashboard.plans.PlanResolver}), choosing backups and targets for an incident
 * and showing them before anything starts ({@link dev.rehearsal.dashboard.plans.IncidentPlan}),
 * and running plan drills and incident runs through the plan runner of {@code restore-drill}
 * ({@link dev.rehearsal.dashboard.plans.PlanRuns}), with one in-memory record of each run this
 * process runs ({@link dev.rehearsal.dashboard.plans.LiveRun}) that the API streams. The runner
 * does the work; this package wires, persists and counts.
 */
package dev.rehearsal.dashboard.plans;
