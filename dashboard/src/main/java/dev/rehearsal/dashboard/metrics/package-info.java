/** Backup metrics and the health of sources and stores; drill metrics live in restore-drill's DrillMetrics. */
package dev.rehearsal.dashboard.metrics;
