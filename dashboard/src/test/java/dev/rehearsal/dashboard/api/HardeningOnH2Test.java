package dev.rehearsal.dashboard.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The hardening rules with the embedded catalog. */
class HardeningOnH2Test extends HardeningContract {

    private static Tables tables;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        tables = configure(r, "hard-h2");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:hardening;DB_CLOSE_DELAY=-1");
    }

    @Override
    Tables tables() {
        return tables;
    }
}
