package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.config.InvalidConfigurationException;
import java.nio.file.Path;
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
        TestConfig config = TestConfig.daemon()
                .h2("invalid-config")
                .source(dynamo)
                .filesystemStore(Path.of("target", "invalid-config-store"))
                .policy("main", table)
                .with("rehearsal.policies.main.store", "tape")
                .with("rehearsal.policies.main.backup-cron", "every night")
                .with("rehearsal.policies.main.rto", "0s")
                .policy("nothing", "no-such-table-*");
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        config.toMap().forEach((key, value) -> args.add("--" + key + "=" + value));

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
