package dev.rehearsal.dashboard;

import dev.rehearsal.core.testing.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The daemon with its production catalog and job repository, PostgreSQL, in a database of its own. */
class DaemonOnPostgresTest extends DaemonContract {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static String table;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        table = configure(r, "orders-pg", TestConfig.daemon().postgres(postgres));
    }

    @Override
    String table() {
        return table;
    }
}
