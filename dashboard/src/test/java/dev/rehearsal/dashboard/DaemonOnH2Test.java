package dev.rehearsal.dashboard;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The daemon with its embedded default catalog and job repository, H2. */
class DaemonOnH2Test extends DaemonContract {

    private static String table;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        table = configure(r, "orders-h2", TestConfig.daemon().h2("daemon-test"));
    }

    @Override
    String table() {
        return table;
    }

    @org.junit.jupiter.api.Test
    void withoutRemotePartitioningHealthHasNoBrokerInIt() throws Exception {
        org.assertj.core.api.Assertions.assertThat(get("/actuator/health", VIEWER_TOKEN)).contains("\"rehearsal\"")
                .doesNotContain("rabbit");
    }
}
