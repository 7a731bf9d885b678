package dev.rehearsal.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.engine.port.EngineProviders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each invalid configuration gets one message that starts with the key to fix. Configurations are
 * flat keys, as {@code --arguments} or the environment give them, bound the way the daemon binds
 * them: the shared part to {@link RehearsalProperties}, each engine's part by the engine itself.
 */
class ConfigValidatorTest {

    private static final Map<String, List<String>> TABLES = Map.of("prod", List.of("orders", "users", "rehearsal-sandbox-old"));
    private static final String SOURCE = "rehearsal.sources.prod.";
    private static final String POLICY = "rehearsal.policies.main.";
    private static final String SECURITY = "rehearsal.security.";

    @Test
    void aValidConfigurationHasNoProblems() {
        assertThat(problems(valid(), Map.of("prod", List.of("orders", "users")))).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("invalid backup cron", set(POLICY + "backup-cron", "* * *"),
                        "rehearsal.policies.main.backup-cron: '* * *' is not a valid cron expression"),
                bad("invalid drill cron", set(POLICY + "drill-cron", "0 0 25 * * *"),
                        "rehearsal.policies.main.drill-cron: '0 0 25 * * *' is not a valid cron expression"),
                bad("unknown store", set(POLICY + "store", "nowhere"),
                        "rehearsal.policies.main.store: unknown store 'nowhere'; configured stores: [disk]"),
                bad("unknown source", set(POLICY + "source", "staging"),
                        "rehearsal.policies.main.source: unknown source 'staging'"),
                bad("policy matching nothing", tables("invoices-*"),
                        "rehearsal.policies.main.tables: [invoices-*] matches no table in source 'prod'"),
                bad("RTO of zero", set(POLICY + "rto", "0s"),
                        "rehearsal.policies.main.rto: must be positive"),
                bad("missing RPO", remove(POLICY + "rpo"),
                        "rehearsal.policies.main.rpo: must be set"),
                bad("keep-last of zero", retention(0, 1, 1, 1),
                        "rehearsal.policies.main.retention.keep-last: must be at least 1"),
                bad("sandbox prefix matching a source table", c -> c,
                        "rehearsal.sandbox.prefix: 'rehearsal-sandbox-' matches table 'rehearsal-sandbox-old' of source 'prod'"),
                bad("postgres source without a jdbc-url", source("kind", "postgres", "username", "reader"),
                        "rehearsal.sources.prod.jdbc-url: must be set"),
                bad("postgres source with a password in its url", source("kind", "postgres",
                                "jdbc-url", "jdbc:postgresql://db:5432/shop?password=x", "username", "reader"),
                        "rehearsal.sources.prod.jdbc-url: must not carry a password"),
                bad("unknown source kind", source("kind", "cassandra", "region", "eu-west-1"),
                        "rehearsal.sources.prod.kind: unknown kind 'cassandra'"),
                bad("credentials in the endpoint", source("kind", "dynamodb", "endpoint", "https://key:secret@dynamodb.local",
                                "region", "eu-west-1"),
                        "rehearsal.sources.prod.endpoint: must not carry credentials"),
                bad("static credentials without keys", source("kind", "dynamodb", "region", "eu-west-1",
                                "credentials.type", "static", "credentials.access-key-id", "AKIA"),
                        "rehearsal.sources.prod.credentials: access-key-id and secret-access-key must be set"),
                bad("static recovery credentials without keys", source("kind", "dynamodb", "region", "eu-west-1",
                                "recovery-credentials.type", "static", "recovery-credentials.access-key-id", "AKIA"),
                        "rehearsal.sources.prod.recovery-credentials: access-key-id and secret-access-key must be set"),
                bad("recovery credentials of an unknown type", source("kind", "dynamodb", "region", "eu-west-1",
                                "recovery-credentials.type", "instance"),
                        "rehearsal.sources.prod.recovery-credentials.type: unknown type 'instance'"),
                bad("recovery credentials from a profile without its name", source("kind", "dynamodb", "region", "eu-west-1",
                                "recovery-credentials.type", "profile", "recovery-credentials.profile", " "),
                        "rehearsal.sources.prod.recovery-credentials.profile: must be set when type is profile"),
                bad("recovery credentials on a postgres source", source("kind", "postgres",
                                "jdbc-url", "jdbc:postgresql://db:5432/shop", "username", "reader",
                                "recovery-credentials.type", "default"),
                        "rehearsal.sources.prod.recovery-credentials: not used by kind postgres; a restore into a new"
                                + " table connects as rehearsal.sources.prod.recovery-username"),
                bad("a blank recovery username on a postgres source", source("kind", "postgres",
                                "jdbc-url", "jdbc:postgresql://db:5432/shop", "username", "reader", "recovery-username", " "),
                        "rehearsal.sources.prod.recovery-username: must not be blank"),
                bad("a recovery password without its username on a postgres source", source("kind", "postgres",
                                "jdbc-url", "jdbc:postgresql://db:5432/shop", "username", "reader", "recovery-password", "s3cret"),
                        "rehearsal.sources.prod.recovery-password: set without rehearsal.sources.prod.recovery-username"),
                bad("a value the engine cannot read", c -> set("rehearsal.sandbox.postgres.jdbc-url",
                                "jdbc:postgresql://sandbox:5432/drills", "rehearsal.sandbox.postgres.load-connections", "four")
                                .apply(source("kind", "postgres", "jdbc-url", "jdbc:postgresql://db:5432/shop").apply(c)),
                        "rehearsal.sandbox.postgres.load-connections: cannot be read as Integer"),
                bad("filesystem store without a path", remove("rehearsal.stores.disk.path"),
                        "rehearsal.stores.disk.path: must be set for a filesystem store"),
                bad("unknown store type", set("rehearsal.stores.disk.type", "tape"),
                        "rehearsal.stores.disk.type: unknown store type 'tape'"),
                bad("drills without a sandbox", remove("rehearsal.sandbox."),
                        "rehearsal.sandbox: must be set when a policy has a drill-cron"),
                bad("drills of a postgres source without its sandbox", source("kind", "postgres",
                                "jdbc-url", "jdbc:postgresql://db:5432/shop", "username", "reader"),
                        "rehearsal.sandbox.postgres: must be set when a policy drills tables of a postgres source"),
                bad("a table in two policies", c -> {
                    Map<String, String> copy = new LinkedHashMap<>(c);
                    c.forEach((k, v) -> {
                        if (k.startsWith(POLICY)) {
                            copy.put("rehearsal.policies.second." + k.substring(POLICY.length()), v);
                        }
                    });
                    return copy;
                }, "is also matched by policy"),
                bad("a token whose hash is not a SHA-256", set(SECURITY + "tokens.ci.sha256", "secret-in-clear",
                                SECURITY + "tokens.ci.role", "operator"),
                        "rehearsal.security.tokens.ci.sha256: must be the 64-hex-digit SHA-256 of the token"),
                bad("a token with an unknown role", set(SECURITY + "tokens.ci.sha256", "a".repeat(64),
                                SECURITY + "tokens.ci.role", "root"),
                        "rehearsal.security.tokens.ci.role: unknown role 'root'; use viewer, auditor, operator or admin"),
                bad("OIDC without a key source", set(SECURITY + "oidc.roles-claim", "roles"),
                        "rehearsal.security.oidc: set issuer-uri, jwk-set-uri or public-key-location"),
                bad("OIDC mapping to an unknown role", set(SECURITY + "oidc.issuer-uri", "https://idp.example",
                                SECURITY + "oidc.role-mapping.sre", "superuser"),
                        "rehearsal.security.oidc.role-mapping.sre: unknown role 'superuser'"),
                bad("single sign-on without an issuer", set(SECURITY + "oidc.public-key-location", "/etc/idp.pem",
                                SECURITY + "oidc.client-id", "rehearsal-dashboard"),
                        "rehearsal.security.oidc.issuer-uri: must be set for single sign-on (client-id is set)"),
                bad("single sign-on with an empty client id", set(SECURITY + "oidc.issuer-uri", "https://idp.example",
                                SECURITY + "oidc.client-id", " "),
                        "rehearsal.security.oidc.client-id: must not be empty"),
                bad("single sign-on with an issuer that is no URL", set(SECURITY + "oidc.issuer-uri", "idp.example",
                                SECURITY + "oidc.client-id", "rehearsal-dashboard"),
                        "rehearsal.security.oidc.issuer-uri: 'idp.example' is not an http or https URL"),
                bad("single sign-on without the openid scope", set(SECURITY + "oidc.issuer-uri", "https://idp.example",
                                SECURITY + "oidc.client-id", "rehearsal-dashboard", SECURITY + "oidc.scopes[0]", "profile"),
                        "rehearsal.security.oidc.scopes: must include openid"),
                bad("single sign-on with two scopes in one entry", set(SECURITY + "oidc.issuer-uri", "https://idp.example",
                                SECURITY + "oidc.client-id", "rehearsal-dashboard", SECURITY + "oidc.scopes[0]", "openid",
                                SECURITY + "oidc.scopes[1]", "profile email"),
                        "rehearsal.security.oidc.scopes[1]: 'profile email' is not a scope"),
                bad("a client secret without a client", set(SECURITY + "oidc.issuer-uri", "https://idp.example",
                                SECURITY + "oidc.client-secret", "s3cret"),
                        "rehearsal.security.oidc.client-secret: set client-id too"),
                bad("a tiny body limit", set(SECURITY + "max-request-body", "10"),
                        "rehearsal.security.max-request-body: must be between 1024 and 1048576 bytes"),
                bad("a negative 401 audit limit", set(SECURITY + "unauthenticated-audit-per-minute", "-1"),
                        "rehearsal.security.unauthenticated-audit-per-minute: must be between 0 and 100000"),
                bad("a control label without its framework", set(POLICY + "controls[0]", "SOC2:A1.2", POLICY + "controls[1]", "A.8.13"),
                        "rehearsal.policies.main.controls[1]: 'A.8.13' is not a control label"),
                bad("a control label twice", set(POLICY + "controls[0]", "SOC2:A1.2", POLICY + "controls[1]", "SOC2:A1.2"),
                        "rehearsal.policies.main.controls[1]: 'SOC2:A1.2' is listed twice"),
                bad("an evidence key id without a key", set("rehearsal.evidence.key-id", "k1"),
                        "rehearsal.evidence.key-id: set without rehearsal.evidence.signing-key"),
                bad("an evidence signing key that is not there", set("rehearsal.evidence.signing-key", "/nonexistent/key.pem",
                                "rehearsal.evidence.key-id", "k1"),
                        "rehearsal.evidence.signing-key: cannot read /nonexistent/key.pem"),
                bad("a retired evidence key that is not there", set("rehearsal.evidence.retired-keys.old", "/nonexistent/old.pem"),
                        "rehearsal.evidence.retired-keys.old: cannot read /nonexistent/old.pem"),
                bad("a negative drill max age", set(POLICY + "drill-max-age", "-1h"),
                        "rehearsal.policies.main.drill-max-age: must be positive"),
                bad("a negative random-backup window", set(POLICY + "drill-random-within", "-7d"),
                        "rehearsal.policies.main.drill-random-within: must be positive"),
                bad("a blank canary", set(POLICY + "canary", " "),
                        "rehearsal.policies.main.canary: must be a line of a data object"),
                bad("an SQL check without a query", c -> set(POLICY + "sql-checks[0].name", "open orders",
                        POLICY + "sql-checks[0].expected", "42").apply(source("kind", "postgres",
                        "jdbc-url", "jdbc:postgresql://db/shop").apply(set("rehearsal.sandbox.postgres.jdbc-url",
                        "jdbc:postgresql://db/sandbox").apply(c))), "rehearsal.policies.main.sql-checks[0].query: must be set"),
                bad("SQL checks on an engine without SQL", set(POLICY + "sql-checks[0].name", "n",
                        POLICY + "sql-checks[0].query", "SELECT 1", POLICY + "sql-checks[0].expected", "1"),
                        "rehearsal.policies.main.sql-checks: source 'prod' is of kind 'dynamodb', whose sandbox does not"
                                + " answer SQL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachProblemNamesItsKey(String name, UnaryOperator<Map<String, String>> change, String expected) {
        List<String> problems = problems(change.apply(valid()), TABLES);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("rehearsal."));
    }

    @Test
    void anUnknownKindIsAnsweredWithTheEnginesThatAreInstalled() {
        List<String> problems = problems(source("kind", "cassandra").apply(valid()), TABLES);

        assertThat(problems).contains("rehearsal.sources.prod.kind: unknown kind 'cassandra'; supported: "
                + String.join(", ", EngineProviders.installed().kinds()));
    }

    @Test
    void aSourceThatNamesNoKindIsOfTheDefaultEngineAsBefore() {
        Map<String, String> c = source("region", "eu-west-1", "endpoint", "https://key:secret@dynamodb.local").apply(valid());

        assertThat(problems(c, TABLES)).anySatisfy(p -> assertThat(p)
                .startsWith("rehearsal.sources.prod.endpoint: must not carry credentials"));
    }

    @Test
    void backupAndRecoveryCredentialsOfTheirOwnAreValid() {
        Map<String, String> c = source("kind", "dynamodb", "region", "eu-west-1",
                "credentials.type", "profile", "credentials.profile", "backup-reader",
                "recovery-credentials.type", "profile", "recovery-credentials.profile", "recovery-writer").apply(valid());

        assertThat(problems(c, Map.of("prod", List.of("orders", "users")))).isEmpty();
    }

    @Test
    void aPostgresSourceWithARecoveryRoleOfItsOwnIsValid() {
        Map<String, String> c = set(POLICY + "tables[0]", "public.orders", POLICY + "tables[1]", "public.users",
                "rehearsal.sandbox.postgres.jdbc-url", "jdbc:postgresql://sandbox:5432/drills")
                .apply(source("kind", "postgres", "jdbc-url", "jdbc:postgresql://db:5432/shop", "username", "reader",
                        "password", "r", "recovery-username", "recoverer", "recovery-password", "w").apply(valid()));

        assertThat(problems(c, Map.of("prod", List.of("public.orders", "public.users")))).isEmpty();
    }

    @Test
    void singleSignOnWithAPublicClientAndTheDefaultScopesIsValid() {
        Map<String, String> c = set(SECURITY + "oidc.issuer-uri", "https://idp.example/realms/ops",
                SECURITY + "oidc.client-id", "rehearsal-dashboard").apply(valid());

        assertThat(problems(c, Map.of("prod", List.of("orders", "users")))).isEmpty();
    }

    @Test
    void globsMatchWholeNames() {
        assertThat(ConfigValidator.matches(List.of("orders-*"), "orders-2026")).isTrue();
        assertThat(ConfigValidator.matches(List.of("orders-*"), "old-orders-2026")).isFalse();
        assertThat(ConfigValidator.matches(List.of("user?"), "users")).isTrue();
        assertThat(ConfigValidator.matches(List.of("a.b"), "aXb")).isFalse();
    }

    /** The configuration bound as the daemon binds it, then validated. */
    static List<String> problems(Map<String, String> config, Map<String, List<String>> tables) {
        RehearsalProperties p = BinderSection.binder(config).bindOrCreate("rehearsal", RehearsalProperties.class);
        return ConfigValidator.problems(p, BinderSection.of(config), tables);
    }

    private static Arguments bad(String name, UnaryOperator<Map<String, String>> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static Map<String, String> valid() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(SOURCE + "kind", "dynamodb");
        c.put(SOURCE + "region", "eu-west-1");
        c.put("rehearsal.stores.disk.type", "filesystem");
        c.put("rehearsal.stores.disk.path", "/var/lib/rehearsal");
        c.put(POLICY + "source", "prod");
        c.put(POLICY + "tables[0]", "orders");
        c.put(POLICY + "tables[1]", "users");
        c.put(POLICY + "store", "disk");
        c.put(POLICY + "backup-cron", "0 0 2 * * *");
        c.put(POLICY + "drill-cron", "0 0 4 * * *");
        c.put(POLICY + "rto", "30m");
        c.put(POLICY + "rpo", "26h");
        c.put("rehearsal.sandbox.endpoint", "http://sandbox:8000");
        c.put("rehearsal.sandbox.region", "eu-west-1");
        c.put("rehearsal.sandbox.prefix", "rehearsal-sandbox-");
        return c;
    }

    /** Sets keys and values given in pairs. */
    private static UnaryOperator<Map<String, String>> set(String... keysAndValues) {
        return c -> {
            Map<String, String> changed = new LinkedHashMap<>(c);
            for (int i = 0; i < keysAndValues.length; i += 2) {
                changed.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return changed;
        };
    }

    /** Removes a key, or every key under a prefix ending in a dot. */
    private static UnaryOperator<Map<String, String>> remove(String key) {
        return c -> {
            Map<String, String> changed = new LinkedHashMap<>(c);
            changed.keySet().removeIf(k -> key.endsWith(".") ? k.startsWith(key) : k.equals(key));
            return changed;
        };
    }

    /** Source "prod" configured by exactly these keys (relative to its section) and values. */
    private static UnaryOperator<Map<String, String>> source(String... keysAndValues) {
        return c -> {
            Map<String, String> changed = remove(SOURCE).apply(c);
            for (int i = 0; i < keysAndValues.length; i += 2) {
                changed.put(SOURCE + keysAndValues[i], keysAndValues[i + 1]);
            }
            return changed;
        };
    }

    private static UnaryOperator<Map<String, String>> tables(String... tables) {
        return c -> {
            Map<String, String> changed = remove(POLICY + "tables").apply(c);
            changed.keySet().removeIf(k -> k.startsWith(POLICY + "tables["));
            for (int i = 0; i < tables.length; i++) {
                changed.put(POLICY + "tables[" + i + "]", tables[i]);
            }
            return changed;
        };
    }

    private static UnaryOperator<Map<String, String>> retention(int keepLast, int daily, int weekly, int monthly) {
        return set(POLICY + "retention.keep-last", String.valueOf(keepLast), POLICY + "retention.daily", String.valueOf(daily),
                POLICY + "retention.weekly", String.valueOf(weekly), POLICY + "retention.monthly", String.valueOf(monthly));
    }
}
