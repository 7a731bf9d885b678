/**
 * The coverage audit and the RTO forecast: every table of every source is covered by a policy or
 * explicitly excluded, and each covered table's backups, drills and protection are judged against
 * its policy's objectives, for the API, the dashboard and Prometheus.
 */
package dev.rehearsal.dashboard.coverage;
