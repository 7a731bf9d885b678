package dev.rehearsal.dashboard.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remote partitioning as Prometheus sees it, per partitioned step ({@code step}): partitions this
 * replica dispatched as a manager, re-ran after a restart, and declared lost; partitions it runs as a
 * worker now, and how those ended.
 */
public final class PartitionMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    public PartitionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void dispatched(String step, int partitions, boolean rerun) {
        counter("rehearsal_partitions_dispatched", "Partitions this replica handed to workers as a manager", step)
                .increment(partitions);
        if (rerun) {
            counter("rehearsal_partitions_rerun", "Partitions dispatched again by a restart of their job", step)
                    .increment(partitions);
        }
    }

    void lost(String step) {
        failed(step, "lost");
    }

    void started(String step) {
        running(step).incrementAndGet();
    }

    void ended(String step, boolean completed) {
        running(step).decrementAndGet();
        if (completed) {
            counter("rehearsal_partitions_completed", "Partitions this replica ran to completion as a worker", step)
                    .increment();
        } else {
            failed(step, "worker");
        }
    }

    void dropped(String step) {
        counter("rehearsal_partitions_dropped",
                "Partition requests this replica dropped unrun: already claimed, or their job had ended", step).increment();
    }

    private void failed(String step, String reason) {
        Counter.builder("rehearsal_partitions_failed")
                .description("Partitions that failed: on their worker (reason=worker), or declared lost by their manager"
                        + " when the worker's heartbeat stopped (reason=lost)")
                .tag("step", step).tag("reason", reason).register(registry).increment();
    }

    private AtomicInteger running(String step) {
        return running.computeIfAbsent(step, s -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("rehearsal_partitions_running", n, AtomicInteger::get)
                    .description("Partitions this replica runs now as a worker").tag("step", s).register(registry);
            return n;
        });
    }

    private Counter counter(String name, String description, String step) {
        return Counter.builder(name).description(description).tag("step", step).register(registry);
    }
}
