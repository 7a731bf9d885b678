/**
 * Drill and restore metrics. {@link dev.rehearsal.drill.metrics.DrillMetrics} owns every metric
 * name; the runners never touch a registry.
 */
package dev.rehearsal.drill.metrics;
