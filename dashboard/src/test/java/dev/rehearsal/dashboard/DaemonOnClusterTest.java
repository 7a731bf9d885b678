package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The daemon's contract with remote partitioning on: every backup's segments go through the
 * machine's RabbitMQ (127.0.0.1:5672) to this process's own workers, and everything behaves as
 * without it.
 */
class DaemonOnClusterTest extends DaemonContract {

    private static String table;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        table = configure(r, "orders-cluster", TestConfig.daemon().h2("daemon-cluster-test")
                .with("rehearsal.cluster.enabled", "true")
                .with("rehearsal.cluster.queue", "rehearsal.partitions.daemon-cluster-test")
                .with("rehearsal.cluster.heartbeat", "1s")
                .with("rehearsal.cluster.dead-after", "5s")
                .with("rehearsal.policies.orders.segments", "6")
                .with("spring.rabbitmq.host", "127.0.0.1"));
    }

    @Override
    String table() {
        return table;
    }

    @Test
    void everySegmentOfABackupRanAsAClaimedPartitionThroughTheBroker() {
        long jobExecution = jobs.backup("local", table, "api:test").orElseThrow().getId();
        var rows = jdbc.queryForList("SELECT step_name, status, worker_pid FROM rehearsal_partition"
                + " WHERE job_execution_id = ? ORDER BY step_name", jobExecution);
        assertThat(rows).extracting(r -> r.get("STEP_NAME")).containsExactly("segment:segment0", "segment:segment1",
                "segment:segment2", "segment:segment3", "segment:segment4", "segment:segment5");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("STATUS")).isEqualTo("COMPLETED");
            assertThat(((Number) r.get("WORKER_PID")).longValue()).isEqualTo(ProcessHandle.current().pid());
        });
    }
}
