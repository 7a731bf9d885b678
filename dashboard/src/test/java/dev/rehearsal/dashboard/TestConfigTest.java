package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixture builder itself: what the daemon tests rely on it to write. */
class TestConfigTest {

    @Test
    void aPolicyIsBackedUpToTheStoreOnACronThatNeverFiresAndATokenIsGivenByItsHash() {
        Map<String, String> config = TestConfig.daemon().h2("builder").filesystemStore(Path.of("target", "builder-store"))
                .policy("main", "orders", "users-*").token("ci-viewer", "viewer", "rh_secret").toMap();

        assertThat(config).containsExactly(
                entry("spring.datasource.url", "jdbc:h2:mem:builder;DB_CLOSE_DELAY=-1"),
                entry("rehearsal.stores.disk.type", "filesystem"),
                entry("rehearsal.stores.disk.path", Path.of("target", "builder-store").toString()),
                entry("rehearsal.policies.main.source", "local"),
                entry("rehearsal.policies.main.tables[0]", "orders"),
                entry("rehearsal.policies.main.tables[1]", "users-*"),
                entry("rehearsal.policies.main.store", "disk"),
                entry("rehearsal.policies.main.backup-cron", "0 0 0 1 1 *"),
                entry("rehearsal.policies.main.rto", "10m"),
                entry("rehearsal.policies.main.rpo", "1d"),
                entry("rehearsal.security.tokens.ci-viewer.sha256", ApiTokens.sha256("rh_secret")),
                entry("rehearsal.security.tokens.ci-viewer.role", "viewer"));
    }

    @Test
    void drillsGiveEveryPolicyADrillCronThatNeverFiresAndWithoutThemNoPolicyHasOne() {
        DynamoDbLocal sandbox = DynamoDbLocal.shared();
        TestConfig daemon = TestConfig.daemon().h2("builder").policy("main", "orders");
        assertThat(daemon.toMap()).doesNotContainKey("rehearsal.policies.main.drill-cron")
                .doesNotContainKey("rehearsal.sandbox.endpoint");

        Map<String, String> config = daemon.policy("audit", "ledger").drillsIn(sandbox).toMap();
        assertThat(config).containsEntry("rehearsal.policies.main.drill-cron", "0 0 0 1 1 *")
                .containsEntry("rehearsal.policies.audit.drill-cron", "0 0 0 1 1 *")
                .containsEntry("rehearsal.sandbox.endpoint", sandbox.endpoint().toString())
                .containsEntry("rehearsal.sandbox.credentials.type", "static");
    }

    @Test
    void withWinsOverWhatTheBuilderSetsWhateverTheOrderOfCalls() {
        Map<String, String> config = TestConfig.daemon().h2("builder")
                .with("rehearsal.policies.main.backup-cron", "*/5 * * * * *")
                .policy("main", "orders")
                .with("rehearsal.policies.main.rto", "1h")
                .toMap();

        assertThat(config).containsEntry("rehearsal.policies.main.backup-cron", "*/5 * * * * *")
                .containsEntry("rehearsal.policies.main.rto", "1h");
    }

    @Test
    void aConfigurationWithoutACatalogIsRefusedRatherThanWrittenToTheWorkingDirectory() {
        assertThatThrownBy(() -> TestConfig.daemon().policy("main", "orders").toMap())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("h2(database) or postgres(extension)");
        assertThatThrownBy(() -> TestConfig.daemon().policy("main"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("policy 'main' covers no table");
    }

    @Test
    void aRegistryGetsTheSameProperties() {
        TestConfig daemon = TestConfig.daemon().h2("builder").policy("main", "orders").with("rehearsal.coverage-interval", "2s");
        Map<String, Object> registered = new HashMap<>();
        daemon.addTo((key, value) -> registered.put(key, value.get()));

        assertThat(registered).isEqualTo(new HashMap<>(daemon.toMap()));
    }
}
