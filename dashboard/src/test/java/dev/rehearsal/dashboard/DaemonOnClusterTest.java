package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The daemon's contract with remote partitioning on: every backup's segments, every restore's data
 * objects and every verification's scan segments go through the machine's RabbitMQ
 * (127.0.0.1:5672) to this process's own workers, and everything behaves as without it, though every partition request is sent to the broker twice in a row (a fault
 * injected on the daemon's own channel), so that two consumers take the same request at once.
 */
class DaemonOnClusterTest extends DaemonContract {

    private static final String DUPLICATE = "rehearsal-test-duplicate";
    private static String table;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        table = configure(r, "orders-cluster", TestConfig.daemon().h2("daemon-cluster-test")
                .with("rehearsal.cluster.enabled", "true")
                .with("rehearsal.cluster.queue", "rehearsal.partitions.daemon-cluster-test")
                .with("rehearsal.cluster.worker-concurrency", "4")
                .with("rehearsal.cluster.heartbeat", "1s")
                .with("rehearsal.cluster.dead-after", "5s")
                .with("rehearsal.policies.orders.segments", "6")
                .with("spring.rabbitmq.host", "127.0.0.1"));
    }

    /** Sends every partition request twice: a duplicate delivery, as after a lost acknowledgement. */
    @TestConfiguration
    static class DuplicateDeliveries {
        @Bean
        static BeanPostProcessor duplicateEveryPartitionRequest() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (name.equals("rehearsalPartitionRequests") && bean instanceof DirectChannel channel) {
                        channel.addInterceptor(new ChannelInterceptor() {
                            @Override
                            public void afterSendCompletion(Message<?> message, MessageChannel to, boolean sent,
                                    Exception e) {
                                if (sent && !message.getHeaders().containsKey(DUPLICATE)) {
                                    to.send(MessageBuilder.fromMessage(message).setHeader(DUPLICATE, true).build());
                                }
                            }
                        });
                    }
                    return bean;
                }
            };
        }
    }

    @Override
    String table() {
        return table;
    }

    @Test
    void everySegmentRunsOnceAsAClaimedPartitionThoughItsRequestArrivesTwice() {
        double dropped = count("rehearsal_partitions_dropped");
        double completed = count("rehearsal_partitions_completed");
        long jobExecution = jobs.backup("local", table, "api:test").orElseThrow().getId();
        var rows = jdbc.queryForList("SELECT step_name, status, worker_pid FROM rehearsal_partition"
                + " WHERE job_execution_id = ? ORDER BY step_name", jobExecution);
        assertThat(rows).extracting(r -> r.get("STEP_NAME")).containsExactly("segment:segment0", "segment:segment1",
                "segment:segment2", "segment:segment3", "segment:segment4", "segment:segment5");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("STATUS")).isEqualTo("COMPLETED");
            assertThat(((Number) r.get("WORKER_PID")).longValue()).isEqualTo(ProcessHandle.current().pid());
        });
        assertThat(count("rehearsal_partitions_completed") - completed).as("partitions run").isEqualTo(6);
        assertThat(count("rehearsal_partitions_dropped") - dropped).as("second deliveries dropped unrun").isEqualTo(6);
        Integer executions = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                + " AND STEP_NAME LIKE 'segment:%' AND STATUS = 'COMPLETED'", Integer.class, jobExecution);
        assertThat(executions).isEqualTo(6);
    }

    @Test
    void aDrillLoadsItsObjectsAndScansItsSegmentsAsPartitionsOnTheWorkers() {
        jobs.backup("local", table, "api:test").orElseThrow();
        long since = jdbc.queryForObject("SELECT COALESCE(MAX(step_execution_id), 0) FROM rehearsal_partition", Long.class);
        var drill = jobs.drill("local", table, "api:test").orElseThrow();
        assertThat(drill.getExitStatus().getExitCode()).isEqualTo("PASSED");
        var rows = jdbc.queryForList("SELECT step_name, status, items FROM rehearsal_partition WHERE step_execution_id > ?",
                since);
        var loads = rows.stream().filter(r -> ((String) r.get("STEP_NAME")).startsWith("load-object:")).toList();
        var scans = rows.stream().filter(r -> ((String) r.get("STEP_NAME")).startsWith("scan-segment:")).toList();
        assertThat(loads).as("one partition per data object of the backup").hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(r -> assertThat(r.get("STATUS")).isEqualTo("COMPLETED"));
        assertThat(loads.stream().mapToLong(r -> ((Number) r.get("ITEMS")).longValue()).sum())
                .as("items the load partitions wrote").isEqualTo(1_200);
        assertThat(scans).as("one partition per segment of the verification scan").hasSize(6)
                .allSatisfy(r -> assertThat(r.get("STATUS")).isEqualTo("COMPLETED"));
    }

    @Autowired
    org.springframework.amqp.rabbit.connection.ConnectionFactory broker;

    @Test
    void partitionRequestsAreSentWithPublisherConfirms() {
        assertThat(broker.isPublisherConfirms()).as("correlated publisher confirms, which every request waits for")
                .isTrue();
    }

    @Test
    void healthReportsTheBrokerToATokenHolder() throws Exception {
        var health = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(get("/actuator/health", VIEWER_TOKEN)).path("components").path("rabbit");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("version").asString()).as("the broker's version").isNotBlank();
    }

    private double count(String name) {
        var counter = meters.find(name).tag("step", "segment").counter();
        return counter == null ? 0 : counter.count();
    }
}
