/**
 * Tests of the Helm chart in {@code helm/rehearsal}: it is rendered and linted by Helm itself (the
 * helm-java library), its manifests and its rendered daemon configuration are checked (the latter
 * with the daemon's own configuration classes), and the metric names of its alert rules, its
 * Grafana dashboard and the runbooks are compared with a scrape of the running demo. No cluster is
 * needed, and none is faked: what depends on a cluster's APIs is checked only as far as rendering shows it.
 */
package dev.rehearsal.helm;
