package dev.rehearsal.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid configuration gets one message that starts with the key to fix. */
class ConfigValidatorTest {

    private static final Map<String, List<String>> TABLES = Map.of("prod", List.of("orders", "users", "rehearsal-sandbox-old"));

    @Test
    void aValidConfigurationHasNoProblems() {
        assertThat(ConfigValidator.problems(valid(), Map.of("prod", List.of("orders", "users")))).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("invalid backup cron", p -> withPolicy(p, policy(p).backupCron("* * *")),
                        "rehearsal.policies.main.backup-cron: '* * *' is not a valid cron expression"),
                bad("invalid drill cron", p -> withPolicy(p, policy(p).drillCron("0 0 25 * * *")),
                        "rehearsal.policies.main.drill-cron: '0 0 25 * * *' is not a valid cron expression"),
                bad("unknown store", p -> withPolicy(p, policy(p).store("nowhere")),
                        "rehearsal.policies.main.store: unknown store 'nowhere'; configured stores: [disk]"),
                bad("unknown source", p -> withPolicy(p, policy(p).source("staging")),
                        "rehearsal.policies.main.source: unknown source 'staging'"),
                bad("policy matching nothing", p -> withPolicy(p, policy(p).tables(List.of("invoices-*"))),
                        "rehearsal.policies.main.tables: [invoices-*] matches no table in source 'prod'"),
                bad("RTO of zero", p -> withPolicy(p, policy(p).rto(Duration.ZERO)),
                        "rehearsal.policies.main.rto: must be positive"),
                bad("missing RPO", p -> withPolicy(p, policy(p).rpo(null)),
                        "rehearsal.policies.main.rpo: must be set"),
                bad("keep-last of zero", p -> withPolicy(p, policy(p).retention(new RehearsalProperties.Retention(0, 1, 1, 1))),
                        "rehearsal.policies.main.retention.keep-last: must be at least 1"),
                bad("sandbox prefix matching a source table", p -> p,
                        "rehearsal.sandbox.prefix: 'rehearsal-sandbox-' matches table 'rehearsal-sandbox-old' of source 'prod'"),
                bad("postgres source without a jdbc-url", p -> withSource(p, new RehearsalProperties.Source("postgres", null,
                        "eu-west-1", null, null, null, null, "reader", null, null)), "rehearsal.sources.prod.jdbc-url: must be set"),
                bad("postgres source with a password in its url", p -> withSource(p, new RehearsalProperties.Source("postgres",
                        null, "eu-west-1", null, null, null, "jdbc:postgresql://db:5432/shop?password=x", "reader", null, null)),
                        "rehearsal.sources.prod.jdbc-url: must not carry a password"),
                bad("unknown source kind", p -> withSource(p, new RehearsalProperties.Source("cassandra", null, "eu-west-1", null, null, null, null, null, null, null)),
                        "rehearsal.sources.prod.kind: unknown kind 'cassandra'"),
                bad("credentials in the endpoint", p -> withSource(p, new RehearsalProperties.Source("dynamodb",
                                URI.create("https://key:secret@dynamodb.local"), "eu-west-1", null, null, null, null, null, null, null)),
                        "rehearsal.sources.prod.endpoint: must not carry credentials"),
                bad("static credentials without keys", p -> withSource(p, new RehearsalProperties.Source("dynamodb", null,
                                "eu-west-1", new RehearsalProperties.Credentials("static", null, "AKIA", null), null, null, null, null, null, null)),
                        "rehearsal.sources.prod.credentials: access-key-id and secret-access-key must be set"),
                bad("static recovery credentials without keys", p -> withSource(p, dynamodb(null,
                                new RehearsalProperties.Credentials("static", null, "AKIA", null))),
                        "rehearsal.sources.prod.recovery-credentials: access-key-id and secret-access-key must be set"),
                bad("recovery credentials of an unknown type", p -> withSource(p, dynamodb(null,
                                new RehearsalProperties.Credentials("instance", null, null, null))),
                        "rehearsal.sources.prod.recovery-credentials.type: unknown type 'instance'"),
                bad("recovery credentials from a profile without its name", p -> withSource(p, dynamodb(null,
                                new RehearsalProperties.Credentials("profile", " ", null, null))),
                        "rehearsal.sources.prod.recovery-credentials.profile: must be set when type is profile"),
                bad("recovery credentials on a postgres source", p -> withSource(p, new RehearsalProperties.Source("postgres",
                                null, "eu-west-1", null, null, null, "jdbc:postgresql://db:5432/shop", "reader", null,
                                new RehearsalProperties.Credentials("default", null, null, null))),
                        "rehearsal.sources.prod.recovery-credentials: not used by kind postgres"),
                bad("filesystem store without a path", p -> withStore(p, new RehearsalProperties.Store("filesystem", null, null,
                                "", "us-east-1", null, false, "none", null, null)),
                        "rehearsal.stores.disk.path: must be set for a filesystem store"),
                bad("unknown store type", p -> withStore(p, new RehearsalProperties.Store("tape", null, null, "", "us-east-1",
                                null, false, "none", null, null)),
                        "rehearsal.stores.disk.type: unknown store type 'tape'"),
                bad("drills without a sandbox", p -> new RehearsalProperties(p.sources(), p.stores(), p.policies(), null,
                                p.historyRetention(), p.security(), p.coverageInterval()),
                        "rehearsal.sandbox: must be set when a policy has a drill-cron"),
                bad("a table in two policies", p -> {
                    Map<String, RehearsalProperties.Policy> policies = new HashMap<>(p.policies());
                    policies.put("second", policies.get("main"));
                    return new RehearsalProperties(p.sources(), p.stores(), policies, p.sandbox(), p.historyRetention(), p.security(), p.coverageInterval());
                }, "is also matched by policy"),
                bad("a token whose hash is not a SHA-256", p -> withSecurity(p, new RehearsalProperties.Security(
                                Map.of("ci", new RehearsalProperties.Token("secret-in-clear", "operator")), null, true, null, null)),
                        "rehearsal.security.tokens.ci.sha256: must be the 64-hex-digit SHA-256 of the token"),
                bad("a token with an unknown role", p -> withSecurity(p, new RehearsalProperties.Security(
                                Map.of("ci", new RehearsalProperties.Token("a".repeat(64), "root")), null, true, null, null)),
                        "rehearsal.security.tokens.ci.role: unknown role 'root'; use viewer, operator or admin"),
                bad("OIDC without a key source", p -> withSecurity(p, new RehearsalProperties.Security(Map.of(),
                                new RehearsalProperties.Oidc(null, null, null, null, "roles", Map.of()), true, null, null)),
                        "rehearsal.security.oidc: set issuer-uri, jwk-set-uri or public-key-location"),
                bad("OIDC mapping to an unknown role", p -> withSecurity(p, new RehearsalProperties.Security(Map.of(),
                                new RehearsalProperties.Oidc("https://idp.example", null, null, null, "roles",
                                        Map.of("sre", "superuser")), true, null, null)),
                        "rehearsal.security.oidc.role-mapping.sre: unknown role 'superuser'"),
                bad("a tiny body limit", p -> withSecurity(p, new RehearsalProperties.Security(Map.of(), null, true, 10, null)),
                        "rehearsal.security.max-request-body: must be between 1024 and 1048576 bytes"),
                bad("a negative 401 audit limit", p -> withSecurity(p, new RehearsalProperties.Security(Map.of(), null, true,
                                null, -1)),
                        "rehearsal.security.unauthenticated-audit-per-minute: must be between 0 and 100000"),
                bad("a negative drill max age", p -> withPolicy(p, policy(p).drillMaxAge(Duration.ofHours(-1))),
                        "rehearsal.policies.main.drill-max-age: must be positive"));
    }

    private static RehearsalProperties withSecurity(RehearsalProperties p, RehearsalProperties.Security s) {
        return new RehearsalProperties(p.sources(), p.stores(), p.policies(), p.sandbox(), p.historyRetention(), s,
                p.coverageInterval());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachProblemNamesItsKey(String name, UnaryOperator<RehearsalProperties> change, String expected) {
        List<String> problems = ConfigValidator.problems(change.apply(valid()), TABLES);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("rehearsal."));
    }

    @Test
    void backupAndRecoveryCredentialsOfTheirOwnAreValid() {
        RehearsalProperties p = withSource(valid(), dynamodb(
                new RehearsalProperties.Credentials("profile", "backup-reader", null, null),
                new RehearsalProperties.Credentials("profile", "recovery-writer", null, null)));

        assertThat(ConfigValidator.problems(p, Map.of("prod", List.of("orders", "users")))).isEmpty();
    }

    @Test
    void globsMatchWholeNames() {
        assertThat(ConfigValidator.matches(List.of("orders-*"), "orders-2026")).isTrue();
        assertThat(ConfigValidator.matches(List.of("orders-*"), "old-orders-2026")).isFalse();
        assertThat(ConfigValidator.matches(List.of("user?"), "users")).isTrue();
        assertThat(ConfigValidator.matches(List.of("a.b"), "aXb")).isFalse();
    }

    private static Arguments bad(String name, UnaryOperator<RehearsalProperties> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static RehearsalProperties valid() {
        return new RehearsalProperties(
                Map.of("prod", new RehearsalProperties.Source("dynamodb", null, "eu-west-1", null, null, null, null, null, null, null)),
                Map.of("disk", new RehearsalProperties.Store("filesystem", Path.of("/var/lib/rehearsal"), null, "",
                        "us-east-1", null, false, "none", null, null)),
                Map.of("main", new RehearsalProperties.Policy("prod", List.of("orders", "users"), "disk", "0 0 2 * * *",
                        "0 0 4 * * *", new RehearsalProperties.Retention(7, 7, 4, 6), Duration.ofMinutes(30),
                        Duration.ofHours(26), false, 20, 0, null)),
                new RehearsalProperties.Sandbox(URI.create("http://sandbox:8000"), "eu-west-1", null, "rehearsal-sandbox-", null),
                Duration.ofDays(90), null, Duration.ofMinutes(1));
    }

    private static PolicyBuilder policy(RehearsalProperties p) {
        return new PolicyBuilder(p.policies().get("main"));
    }

    private static RehearsalProperties withPolicy(RehearsalProperties p, PolicyBuilder b) {
        return new RehearsalProperties(p.sources(), p.stores(), Map.of("main", b.build()), p.sandbox(), p.historyRetention(), p.security(), p.coverageInterval());
    }

    private static RehearsalProperties withSource(RehearsalProperties p, RehearsalProperties.Source s) {
        return new RehearsalProperties(Map.of("prod", s), p.stores(), p.policies(), p.sandbox(), p.historyRetention(), p.security(), p.coverageInterval());
    }

    private static RehearsalProperties.Source dynamodb(RehearsalProperties.Credentials backup,
            RehearsalProperties.Credentials recovery) {
        return new RehearsalProperties.Source("dynamodb", null, "eu-west-1", backup, null, null, null, null, null, recovery);
    }

    private static RehearsalProperties withStore(RehearsalProperties p, RehearsalProperties.Store s) {
        return new RehearsalProperties(p.sources(), Map.of("disk", s), p.policies(), p.sandbox(), p.historyRetention(), p.security(), p.coverageInterval());
    }

    /** Changes one field of a policy at a time. */
    private static final class PolicyBuilder {
        private String source;
        private List<String> tables;
        private String store;
        private String backupCron;
        private String drillCron;
        private RehearsalProperties.Retention retention;
        private Duration rto;
        private Duration rpo;
        private Duration drillMaxAge;

        PolicyBuilder(RehearsalProperties.Policy p) {
            source = p.source();
            tables = p.tables();
            store = p.store();
            backupCron = p.backupCron();
            drillCron = p.drillCron();
            retention = p.retention();
            rto = p.rto();
            rpo = p.rpo();
        }

        PolicyBuilder source(String v) { source = v; return this; }
        PolicyBuilder tables(List<String> v) { tables = v; return this; }
        PolicyBuilder store(String v) { store = v; return this; }
        PolicyBuilder backupCron(String v) { backupCron = v; return this; }
        PolicyBuilder drillCron(String v) { drillCron = v; return this; }
        PolicyBuilder retention(RehearsalProperties.Retention v) { retention = v; return this; }
        PolicyBuilder rto(Duration v) { rto = v; return this; }
        PolicyBuilder rpo(Duration v) { rpo = v; return this; }
        PolicyBuilder drillMaxAge(Duration v) { drillMaxAge = v; return this; }

        RehearsalProperties.Policy build() {
            return new RehearsalProperties.Policy(source, tables, store, backupCron, drillCron, retention, rto, rpo, false, 20, 0, drillMaxAge);
        }
    }
}
