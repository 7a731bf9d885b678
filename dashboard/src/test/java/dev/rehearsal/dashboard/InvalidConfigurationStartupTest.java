package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The daemon refuses to start with an invalid configuration, saying which keys to fix. */
class InvalidConfigurationStartupTest {

    @Test
    void theStartStopsWithMessagesNamingEveryBadKey() {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = TestTables.uniqueName("invoices");
        try (DynamoDbClient c = dynamo.client()) {
            TestTables.createSimple(c, table);
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:invalid-config;DB_CLOSE_DELAY=-1",
                "--rehearsal.sources.local.endpoint=" + dynamo.endpoint(),
                "--rehearsal.sources.local.credentials.type=static",
                "--rehearsal.sources.local.credentials.access-key-id=rehearsal",
                "--rehearsal.sources.local.credentials.secret-access-key=local",
                "--rehearsal.stores.disk.type=filesystem",
                "--rehearsal.stores.disk.path=target/invalid-config-store",
                "--rehearsal.policies.main.source=local",
                "--rehearsal.policies.main.tables[0]=" + table,
                "--rehearsal.policies.main.store=tape",
                "--rehearsal.policies.main.backup-cron=every night",
                "--rehearsal.policies.main.rto=0s",
                "--rehearsal.policies.main.rpo=1d",
                "--rehearsal.policies.nothing.source=local",
                "--rehearsal.policies.nothing.tables[0]=no-such-table-*",
                "--rehearsal.policies.nothing.store=disk",
                "--rehearsal.policies.nothing.backup-cron=0 0 1 * * *",
                "--rehearsal.policies.nothing.rto=1h",
                "--rehearsal.policies.nothing.rpo=1d"));

        Throwable failure = catchThrowable(() -> SpringApplication.run(RehearsalApplication.class, args.toArray(String[]::new)));

        Throwable cause = failure;
        while (cause != null && !(cause instanceof InvalidConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("start-up failure caused by the configuration: %s", failure).isNotNull();
        assertThat(((InvalidConfigurationException) cause).problems()).anySatisfy(p ->
                        assertThat(p).startsWith("rehearsal.policies.main.store: unknown store 'tape'"))
                .anySatisfy(p -> assertThat(p).startsWith("rehearsal.policies.main.backup-cron: 'every night' is not a valid cron"))
                .anySatisfy(p -> assertThat(p).startsWith("rehearsal.policies.main.rto: must be positive"))
                .anySatisfy(p -> assertThat(p).startsWith("rehearsal.policies.nothing.tables: [no-such-table-*] matches no table"));
    }
}
