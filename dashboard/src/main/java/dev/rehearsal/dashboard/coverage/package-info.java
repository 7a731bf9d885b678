/**
 * The coverage audit and the RTO forecast: every table of every source is covered by a policy or
 * explicitly excluded, and each covered table's backups, drills and protection are judged against
 * its policy's objectives, for the API, the dashboard and Prometheus.
 *
 * <p>The forecast itself, and its range, is {@link dev.rehearsal.drill.forecast.Forecaster}'s: the audit
 * only gathers each table's passing drills and today's size for it.
 */
package dev.rehearsal.dashboard.coverage;
