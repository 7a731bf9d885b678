package dev.rehearsal.dashboard.api;

import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.dashboard.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The hardening rules with the production catalog, PostgreSQL, in a database of its own. */
class HardeningOnPostgresTest extends HardeningContract {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static Tables tables;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        tables = configure(r, "hard-pg", TestConfig.daemon().postgres(postgres));
    }

    @Override
    Tables tables() {
        return tables;
    }
}
