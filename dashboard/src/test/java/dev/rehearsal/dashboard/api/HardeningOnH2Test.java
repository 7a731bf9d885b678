package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.TestConfig;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The hardening rules with the embedded catalog. */
class HardeningOnH2Test extends HardeningContract {

    private static Tables tables;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        tables = configure(r, "hard-h2", TestConfig.daemon().h2("hardening"));
    }

    @Override
    Tables tables() {
        return tables;
    }
}
