/**
 * Remote partitioning ({@code rehearsal.cluster}): Spring Batch's own, over RabbitMQ. The replica
 * that launches a job is its manager: a {@link dev.rehearsal.dashboard.cluster.RemotePartitions}
 * handler sends one request per partition and polls the shared job repository for the results,
 * while it fails partitions whose worker stopped its heartbeat. Every replica is also a worker
 * ({@link dev.rehearsal.dashboard.cluster.PartitionWorker}): it claims a request in the catalog
 * ({@link dev.rehearsal.dashboard.cluster.Partitions}) before it runs it, so that no partition is
 * run twice, and keeps the claim's heartbeat going while it runs.
 */
package dev.rehearsal.dashboard.cluster;
