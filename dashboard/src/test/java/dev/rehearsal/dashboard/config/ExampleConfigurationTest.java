package dev.rehearsal.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.engine.dynamodb.DynamoDbSandboxConfig;
import dev.rehearsal.dashboard.engine.dynamodb.DynamoDbSourceConfig;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.postgres.PostgresSandboxConfig;
import dev.rehearsal.dashboard.engine.postgres.PostgresSourceConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.FileSystemResource;

/**
 * dashboard/rehearsal-example.yaml, read as the daemon reads its configuration: it must pass the
 * validator, and it must show what docs/SECURITY.md asks for, credentials of its own for each role.
 */
class ExampleConfigurationTest {

    private static final Path EXAMPLE = Path.of("rehearsal-example.yaml");

    @Test
    void theExampleIsAConfigurationTheDaemonAccepts() throws IOException {
        Binder example = example();
        assertThat(ConfigValidator.problems(rehearsal(example), BinderSection.of(example), Map.of(
                "prod", List.of("orders", "users", "payments-eu", "tmp-import"),
                "orders-db", List.of("public.orders", "billing.invoices")))).isEmpty();
    }

    @Test
    void eachRoleOfTheExampleHasCredentialsOfItsOwn() throws IOException {
        Binder example = example();
        ConfigSection rehearsal = BinderSection.of(example);
        DynamoDbSourceConfig prod = rehearsal.child("sources").child("prod").bind(DynamoDbSourceConfig.class);
        DynamoDbSandboxConfig sandbox = rehearsal.child("sandbox").bind(DynamoDbSandboxConfig.class);

        List<String> profiles = Stream.of(prod.credentials(), prod.recoveryCredentials(),
                rehearsal(example).stores().get("s3-backups").credentials(), sandbox.credentials())
                .map(RehearsalProperties.Credentials::profile).toList();
        assertThat(profiles).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(rehearsal.child("sources").child("orders-db").bind(PostgresSourceConfig.class).username())
                .isNotEqualTo(rehearsal.child("sandbox").child("postgres").bind(PostgresSandboxConfig.class).username());
    }

    private static RehearsalProperties rehearsal(Binder example) {
        return example.bindOrCreate("rehearsal", RehearsalProperties.class);
    }

    private static Binder example() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("example", new FileSystemResource(EXAMPLE)).forEach(sources::addLast);
        sources.addLast(new MapPropertySource("environment", Map.of("ORDERS_DB_PASSWORD", "orders-secret",
                "SANDBOX_DB_PASSWORD", "sandbox-secret", "REHEARSAL_DB_PASSWORD", "catalog-secret",
                "ONCALL_TOKEN_SHA256", "a".repeat(64))));
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
    }
}
