package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The application.yaml the chart renders is loaded the way the daemon loads it: Spring Boot's YAML
 * loader, the {@code rehearsal} subtree bound to {@link RehearsalProperties}, and checked by
 * {@link ConfigValidator}, the check that stops the daemon's start-up when it finds a problem.
 */
class RenderedConfigTest {

    /** The tables the source "prod" of the values files holds, for the checks that need them. */
    private static final Map<String, List<String>> TABLES = Map.of("prod",
            List.of("orders", "users", "payments-eu", "orders-2026", "orders-tmp-1"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default-values.yaml", "monitoring-values.yaml", "existing-secret-values.yaml",
            "s3-irsa-values.yaml"})
    void theRenderedConfigurationIsOneTheDaemonAccepts(String file) {
        Binder config = load(RenderedChart.render(file).applicationYaml());
        RehearsalProperties rehearsal = rehearsal(config);

        assertThat(ConfigValidator.problems(rehearsal, TABLES)).isEmpty();
        assertThat(rehearsal.sources()).isNotEmpty();
        assertThat(rehearsal.policies()).isNotEmpty();
        assertThat(config.bind("management.endpoint.health.probes.enabled", Boolean.class).get()).isTrue();
        assertThat(config.bind("management.endpoints.web.exposure.include", String.class).get()).contains("prometheus");
        assertThat(config.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://");
        assertThat(config.bind("spring.datasource.password", String.class).isBound())
                .as("the password comes from the Secret, never from the ConfigMap").isFalse();
    }

    @Test
    void valuesArriveUnderTheDaemonsOwnKeys() {
        RehearsalProperties p = rehearsal(load(RenderedChart.render("s3-irsa-values.yaml").applicationYaml()));

        RehearsalProperties.Store store = p.stores().get("s3-backups");
        assertThat(store.type()).isEqualTo("s3");
        assertThat(store.sse()).isEqualTo("sse-kms");
        assertThat(store.kmsKeyId()).isEqualTo("alias/backups");
        RehearsalProperties.Policy policy = p.policies().get("critical");
        assertThat(policy.rto()).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.rpo()).isEqualTo(Duration.ofHours(7));
        assertThat(policy.spotChecks()).isEqualTo(50);
        assertThat(policy.readLimit()).isEqualTo(500.0);
        assertThat(policy.tables()).containsExactly("orders", "users", "payments-*");
        assertThat(p.sources().get("prod").credentials().type()).isEqualTo("default");
        assertThat(p.sandbox().region()).isEqualTo("eu-central-1");
        assertThat(p.historyRetention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void extraConfigIsMergedOverTheRenderedConfiguration() {
        Binder config = load(RenderedChart.render("existing-secret-values.yaml").applicationYaml());

        assertThat(config.bind("logging.level.dev.rehearsal", String.class).get()).isEqualTo("DEBUG");
        assertThat(config.bind("spring.datasource.username", String.class).get()).isEqualTo("rehearsal_app");
        assertThat(rehearsal(config).policies().get("main").retention().keepLast()).isEqualTo(24);
    }

    @Test
    void theChartsDefaultsAloneAreRejectedByTheDaemonForWantOfASource() {
        RehearsalProperties p = rehearsal(load(RenderedChart.render().applicationYaml()));

        assertThat(ConfigValidator.problems(p, Map.of())).anySatisfy(problem ->
                assertThat(problem).startsWith("rehearsal.sources: no source is configured"));
    }

    @Test
    void aCronTheSchemaLetsThroughIsStillCaughtByTheDaemonsValidator() {
        RehearsalProperties p = rehearsal(load(RenderedChart.render(List.of("default-values.yaml"),
                Map.of("rehearsal.policies.nightly.backup-cron", "every night")).applicationYaml()));

        assertThat(ConfigValidator.problems(p, TABLES)).anySatisfy(problem ->
                assertThat(problem).startsWith("rehearsal.policies.nightly.backup-cron: 'every night' is not a valid cron"));
    }

    private static Binder load(String applicationYaml) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yaml",
                    new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)));
            return new Binder(ConfigurationPropertySources.from(sources));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RehearsalProperties rehearsal(Binder config) {
        return config.bindOrCreate("rehearsal", RehearsalProperties.class);
    }
}
