package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.config.BinderSection;
import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.dynamodb.DynamoDbSandboxConfig;
import dev.rehearsal.dashboard.engine.dynamodb.DynamoDbSourceConfig;
import dev.rehearsal.dashboard.engine.mysql.MySqlSandboxConfig;
import dev.rehearsal.dashboard.engine.mysql.MySqlSourceConfig;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.postgres.PostgresSandboxConfig;
import dev.rehearsal.dashboard.engine.postgres.PostgresSourceConfig;
import dev.rehearsal.dashboard.security.ApiTokens;
import dev.rehearsal.dashboard.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The application.yaml the chart renders is loaded the way the daemon loads it: Spring Boot's YAML
 * loader, the {@code rehearsal} subtree bound to {@link RehearsalProperties} and each engine's part by
 * the engine, and checked by {@link ConfigValidator}, the check that stops the daemon's start-up when
 * it finds a problem.
 */
class RenderedConfigTest {

    /** What the existing Secrets the values files name are assumed to hold. */
    private static final Map<String, String> EXISTING_SECRETS = Map.of(
            "pg-password", "s3cret",
            "database-password", "s3cret",
            "rabbitmq-password", "rabbit-s3cret",
            "client-secret", "oidc-s3cret",
            // printf %s rh_grafana-example-token | sha256sum
            "token-grafana", "0bf625f2a56e647dfacf7ce32d15d96e94b9418d69f4ecc2e59c0eb00a707866",
            // printf %s rh_admin-example-token | sha256sum
            "token-admin", "78a0ff25d1f1f908354795744a5f0069d8654e08c3cfc89de6b5a97825f756bd");

    /** The tables the source "prod" of the values files holds, for the checks that need them. */
    private static final Map<String, List<String>> TABLES = Map.of(
            "prod", List.of("orders", "users", "payments-eu", "orders-2026", "orders-tmp-1"),
            "orders-db", List.of("public.orders", "public.customers", "public.tmp_import"),
            "shop-db", List.of("shop.orders", "shop.customers", "shop.tmp_import"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rehearsal.helm.CiValues#files")
    void theRenderedConfigurationIsOneTheDaemonAccepts(String file) {
        Binder config = load(RenderedChart.render(file));
        RehearsalProperties rehearsal = rehearsal(config);

        // The evidence keys are files of a Secret mounted into the pod (ChartRenderingTest checks the
        // mount); here they are absent, and that they cannot be read at the mounted paths is all there is.
        List<String> keysNotMounted = new java.util.ArrayList<>();
        if (rehearsal.evidence().signingKey() != null) {
            keysNotMounted.add("rehearsal.evidence.signing-key: cannot read /etc/rehearsal-evidence/signing.pem");
        }
        rehearsal.evidence().retiredKeys().forEach((id, path) -> keysNotMounted.add("rehearsal.evidence.retired-keys." + id
                + ": cannot read /etc/rehearsal-evidence/retired-" + id + ".pem"));
        List<String> problems = ConfigValidator.problems(rehearsal, BinderSection.of(config), TABLES);
        assertThat(problems).hasSameSizeAs(keysNotMounted);
        for (int i = 0; i < keysNotMounted.size(); i++) {
            assertThat(problems.get(i)).startsWith(keysNotMounted.get(i));
        }
        assertThat(rehearsal.sources()).isNotEmpty();
        assertThat(rehearsal.policies()).isNotEmpty();
        assertThat(config.bind("management.endpoint.health.probes.enabled", Boolean.class).get()).isTrue();
        assertThat(config.bind("management.endpoints.web.exposure.include", String.class).get()).contains("prometheus");
        assertThat(config.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://");
        assertThat(config.bind("spring.datasource.password", String.class).get())
                .as("the password, from the Secret by the environment")
                .isEqualTo(List.of("cluster-values.yaml", "existing-secret-values.yaml", "s3-irsa-values.yaml").contains(file)
                        ? "s3cret" : "change-me");
    }

    @Test
    void aPlanArrivesWithItsNotifiersSecretFromTheSecretNeverFromTheConfigMap() {
        RenderedChart chart = RenderedChart.render("plans-values.yaml");
        Binder config = load(chart);
        RehearsalProperties.Plan plan = rehearsal(config).plans().get("incident");
        assertThat(plan.stages()).extracting(RehearsalProperties.Stage::name).containsExactly("dashboards", "processing");
        assertThat(plan.stages().get(0).concurrency()).isEqualTo(2);
        assertThat(plan.notifiers().get("ops").secret()).isEqualTo("hmac-shared-secret-of-the-example");
        assertThat(chart.applicationYaml()).contains("${PLAN_WEBHOOK_SECRET}")
                .doesNotContain("hmac-shared-secret-of-the-example");
    }

    @Test
    void valuesArriveUnderTheDaemonsOwnKeys() {
        Binder config = load(RenderedChart.render("s3-irsa-values.yaml"));
        RehearsalProperties p = rehearsal(config);
        ConfigSection sections = BinderSection.of(config);

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
        assertThat(dynamoDb(sections, "prod").credentials().type()).isEqualTo("default");
        assertThat(sections.child("sandbox").bind(DynamoDbSandboxConfig.class).region()).isEqualTo("eu-central-1");
        assertThat(p.historyRetention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void eachRoleOfTheDaemonCanHaveCredentialsOfItsOwn() {
        Binder config = load(RenderedChart.render("per-role-credentials-values.yaml"));
        RehearsalProperties p = rehearsal(config);
        ConfigSection sections = BinderSection.of(config);

        assertThat(dynamoDb(sections, "prod").credentials().profile()).isEqualTo("backup-reader");
        assertThat(dynamoDb(sections, "prod").recoveryCredentials().profile()).isEqualTo("recovery-writer");
        assertThat(p.stores().get("backups").credentials().profile()).isEqualTo("store-writer");
        assertThat(sections.child("sandbox").bind(DynamoDbSandboxConfig.class).credentials().profile())
                .isEqualTo("sandbox-writer");
        assertThat(postgres(sections, "orders-db").username()).isNotEqualTo(postgresSandbox(sections).username());
    }

    /**
     * Cluster mode's settings under the keys the daemon binds ({@code rehearsal.cluster.*}) and Spring
     * Boot's RabbitMQ keys, the password among them from the broker's Secret by the environment.
     */
    @Test
    void clusterModeArrivesUnderTheDaemonsAndSpringBootsKeys() {
        Binder config = load(RenderedChart.render("cluster-values.yaml"));

        assertThat(config.bind("rehearsal.cluster.enabled", Boolean.class).get()).isTrue();
        assertThat(config.bind("rehearsal.cluster.worker-concurrency", Integer.class).get()).isEqualTo(4);
        assertThat(config.bind("rehearsal.cluster.heartbeat", Duration.class).get()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.bind("rehearsal.cluster.dead-after", Duration.class).get()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.bind("rehearsal.cluster.restarts", Integer.class).get()).isEqualTo(3);
        assertThat(config.bind("rehearsal.cluster.queue", String.class).get()).isEqualTo("rehearsal.prod.partitions");
        assertThat(config.bind("spring.rabbitmq.host", String.class).get()).isEqualTo("rabbitmq.messaging.svc");
        assertThat(config.bind("spring.rabbitmq.port", Integer.class).get()).isEqualTo(5672);
        assertThat(config.bind("spring.rabbitmq.username", String.class).get()).isEqualTo("rehearsal_worker");
        assertThat(config.bind("spring.rabbitmq.virtual-host", String.class).get()).isEqualTo("rehearsal");
        assertThat(config.bind("spring.rabbitmq.password", String.class).get())
                .as("the password, from the broker's Secret by the environment").isEqualTo("rabbit-s3cret");
    }

    @Test
    void withClusterModeOffNeitherTheDaemonNorSpringBootSeesAnyOfIt() {
        Binder config = load(RenderedChart.render(List.of("default-values.yaml"),
                Map.of("cluster.broker.host", "rabbitmq", "cluster.broker.password", "unused")));

        assertThat(config.bind("rehearsal.cluster", Bindable.mapOf(String.class, Object.class)).isBound()).isFalse();
        assertThat(config.bind("spring.rabbitmq", Bindable.mapOf(String.class, Object.class)).isBound()).isFalse();
    }

    @Test
    void extraConfigIsMergedOverTheRenderedConfiguration() {
        Binder config = load(RenderedChart.render("existing-secret-values.yaml"));

        assertThat(config.bind("logging.level.dev.rehearsal", String.class).get()).isEqualTo("DEBUG");
        assertThat(config.bind("spring.datasource.username", String.class).get()).isEqualTo("rehearsal_app");
        assertThat(rehearsal(config).policies().get("main").retention().keepLast()).isEqualTo(24);
    }

    @Test
    void theChartsDefaultsAloneAreRejectedByTheDaemonForWantOfASource() {
        Binder config = load(RenderedChart.render());

        assertThat(ConfigValidator.problems(rehearsal(config), BinderSection.of(config), Map.of())).anySatisfy(problem ->
                assertThat(problem).startsWith("rehearsal.sources: no source is configured"));
    }

    @Test
    void aCronTheSchemaLetsThroughIsStillCaughtByTheDaemonsValidator() {
        Binder config = load(RenderedChart.render(List.of("default-values.yaml"),
                Map.of("rehearsal.policies.nightly.backup-cron", "every night")));

        assertThat(ConfigValidator.problems(rehearsal(config), BinderSection.of(config), TABLES)).anySatisfy(problem ->
                assertThat(problem).startsWith("rehearsal.policies.nightly.backup-cron: 'every night' is not a valid cron"));
    }

    @Test
    void placeholdersInTheConfigurationAreFilledFromTheSecret() {
        RenderedChart chart = RenderedChart.render("postgres-values.yaml");
        ConfigSection sections = BinderSection.of(load(chart));

        assertThat(postgres(sections, "orders-db").password()).isEqualTo("orders-secret");
        assertThat(postgresSandbox(sections).password()).isEqualTo("sandbox-secret");
        assertThat(chart.applicationYaml()).contains("${ORDERS_DB_PASSWORD}").doesNotContain("orders-secret");
    }

    /** A kind: mysql source and its sandbox: the engine's keys arrive as it binds them, passwords from the Secret. */
    @Test
    void aMySqlSourceAndItsSandboxArriveUnderTheEnginesOwnKeys() {
        RenderedChart chart = RenderedChart.render("mysql-values.yaml");
        ConfigSection sections = BinderSection.of(load(chart));

        MySqlSourceConfig source = sections.child("sources").child("shop-db").bind(MySqlSourceConfig.class);
        assertThat(source.jdbcUrl()).isEqualTo("jdbc:mariadb://shop-db.databases:3306/");
        assertThat(source.username()).isEqualTo("rehearsal_backup");
        assertThat(source.password()).isEqualTo("shop-secret");
        MySqlSandboxConfig sandbox = sections.child("sandbox").child("mysql").bind(MySqlSandboxConfig.class);
        assertThat(sandbox.jdbcUrl()).isEqualTo("jdbc:mariadb://sandbox-db.databases:3306/");
        assertThat(sandbox.password()).isEqualTo("sandbox-secret");
        assertThat(sandbox.loadConnections()).isEqualTo(4);
        assertThat(chart.applicationYaml()).contains("kind: mysql", "${SHOP_DB_PASSWORD}").doesNotContain("shop-secret");
    }

    @Test
    void anApiTokenOfTheValuesIsOneTheDaemonAccepts() {
        RehearsalProperties p = rehearsal(load(RenderedChart.render("default-values.yaml")));
        ApiTokens tokens = new ApiTokens(p.security().tokens());

        assertThat(tokens.holder("rh_ci-values-example-token")).contains(new ApiTokens.Holder("ci-bot", Role.OPERATOR));
        assertThat(tokens.holder("rh_some-other-token")).isEmpty();
    }

    @Test
    void tokensFromAnExistingSecretAreAcceptedWithTheirRolesAndMetricsAreClosed() {
        RehearsalProperties p = rehearsal(load(RenderedChart.render("existing-secret-values.yaml")));
        ApiTokens tokens = new ApiTokens(p.security().tokens());

        assertThat(tokens.holder("rh_admin-example-token")).contains(new ApiTokens.Holder("admin", Role.ADMIN));
        assertThat(tokens.holder("rh_grafana-example-token")).contains(new ApiTokens.Holder("grafana", Role.VIEWER));
        assertThat(p.security().prometheusOpen()).isFalse();
    }

    @Test
    void singleSignOnArrivesWithItsClientFromTheValuesAndItsSecretFromASecret() {
        RenderedChart chart = RenderedChart.render("sso-values.yaml");
        RehearsalProperties.Oidc oidc = rehearsal(load(chart)).security().oidc();

        assertThat(oidc.signIn()).isTrue();
        assertThat(oidc.issuerUri()).isEqualTo("https://login.example.com/realms/ops");
        assertThat(oidc.clientId()).isEqualTo("rehearsal-dashboard");
        assertThat(oidc.scopes()).containsExactly("openid", "profile", "groups");
        assertThat(oidc.rolesClaim()).isEqualTo("groups");
        assertThat(oidc.roleMapping()).containsEntry("sre-oncall", "operator").containsEntry("platform-admins", "admin");
        assertThat(oidc.clientSecret()).isEqualTo("oidc-s3cret");
        assertThat(chart.applicationYaml()).contains("${REHEARSAL_OIDC_CLIENT_SECRET}").doesNotContain("oidc-s3cret");
        assertThat(Tree.list(chart.container(), "env")).contains(Map.of("name", "REHEARSAL_OIDC_CLIENT_SECRET",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "rehearsal-oidc", "key", "client-secret"))));
    }

    @Test
    void aPublicClientHasNoSecretAndTheChartsOwnSecretIsTheDefault() {
        RenderedChart publicClient = RenderedChart.render(List.of("sso-values.yaml"), Map.of("sso.clientSecret.key", ""));
        assertThat(rehearsal(load(publicClient)).security().oidc().clientSecret()).isNull();
        assertThat(Tree.list(publicClient.container(), "env")).noneSatisfy(e ->
                assertThat(Tree.string(e, "name")).isEqualTo("REHEARSAL_OIDC_CLIENT_SECRET"));

        RenderedChart ownSecret = RenderedChart.render(List.of("sso-values.yaml"), Map.of("sso.clientSecret.secretName", "",
                "secrets.extraData.client-secret", "from-the-values"));
        assertThat(rehearsal(load(ownSecret)).security().oidc().clientSecret()).isEqualTo("from-the-values");
        assertThat(Tree.list(ownSecret.container(), "env")).contains(Map.of("name", "REHEARSAL_OIDC_CLIENT_SECRET",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", RenderedChart.RELEASE, "key", "client-secret"))));
    }

    @Test
    void withSingleSignOnOffNothingOfItIsRendered() {
        RenderedChart chart = RenderedChart.render("default-values.yaml");

        assertThat(rehearsal(load(chart)).security().oidc()).isNull();
        assertThat(chart.applicationYaml()).doesNotContain("client-id");
        assertThat(Tree.list(chart.container(), "env")).noneSatisfy(e ->
                assertThat(Tree.string(e, "name")).isEqualTo("REHEARSAL_OIDC_CLIENT_SECRET"));
    }

    /**
     * The rendered application.yaml as the daemon reads it, with the container's environment (the
     * password and token hashes from the Secret) behind it to resolve placeholders and override keys.
     */
    private static Binder load(RenderedChart chart) {
        try {
            MutablePropertySources sources = new MutablePropertySources();
            sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.copyOf(chart.environment(EXISTING_SECRETS))));
            for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yaml",
                    new ByteArrayResource(chart.applicationYaml().getBytes(StandardCharsets.UTF_8)))) {
                sources.addLast(yaml);
            }
            return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RehearsalProperties rehearsal(Binder config) {
        return config.bindOrCreate("rehearsal", RehearsalProperties.class);
    }

    /** A source's keys as its engine binds them from its section. */
    private static DynamoDbSourceConfig dynamoDb(ConfigSection rehearsal, String source) {
        return rehearsal.child("sources").child(source).bind(DynamoDbSourceConfig.class);
    }

    private static PostgresSourceConfig postgres(ConfigSection rehearsal, String source) {
        return rehearsal.child("sources").child(source).bind(PostgresSourceConfig.class);
    }

    private static PostgresSandboxConfig postgresSandbox(ConfigSection rehearsal) {
        return rehearsal.child("sandbox").child("postgres").bind(PostgresSandboxConfig.class);
    }
}
