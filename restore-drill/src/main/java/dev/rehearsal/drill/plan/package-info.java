/**
 * Recovery plans: a plan's stages run in order, the tables of a stage in parallel up to the stage's
 * bound, each table through whatever the caller hands in as its {@link dev.rehearsal.drill.plan.TableTask}
 * (a drill into the sandbox, or a verified restore into a new table during an incident). The
 * {@link dev.rehearsal.drill.plan.PlanRunner} measures each stage's recovery time from the plan's
 * start and returns a {@link dev.rehearsal.drill.plan.PlanResult}; {@link dev.rehearsal.drill.plan.PlanReports}
 * renders it, with what the daemon adds (forecasts, status updates sent, who acted), as the plan
 * drill report and the postmortem timeline. Nothing here schedules, persists or counts.
 */
package dev.rehearsal.drill.plan;
