package dev.rehearsal.dashboard.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.config.BinderSection;
import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.RehearsalProperties;
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
 * The daemon's validator, unchanged, checks a {@code kind: mysql} source and {@code rehearsal.sandbox.mysql}
 * with the engine's own messages: one bad value per key of the engine, each answered by one line that
 * starts with that key, before anything connects.
 */
class MySqlEngineConfigTest {

    private static final String SOURCE = "rehearsal.sources.shop.";
    private static final String SANDBOX = "rehearsal.sandbox.mysql.";
    private static final Map<String, List<String>> TABLES = Map.of("shop", List.of("shop.orders", "shop.customers"));

    @Test
    void aValidMySqlConfigurationHasNoProblems() {
        assertThat(problems(valid(), TABLES)).isEmpty();
    }

    @Test
    void theEngineIsInstalledByItsServiceLineAndDefaultsAreTheDocumentedOnes() {
        assertThat(EngineProviders.installed().kinds()).contains("mysql");
        MySqlSourceConfig s = BinderSection.of(valid()).child("sources").child("shop").bind(MySqlSourceConfig.class);
        assertThat(s.readers()).isEqualTo(4);
        assertThat(s.globalReadLock()).isEqualTo("required");
        MySqlSandboxConfig m = BinderSection.of(valid()).child("sandbox").child("mysql").bind(MySqlSandboxConfig.class);
        assertThat(m.prefix()).isEqualTo("rehearsal_sandbox_");
        assertThat(m.loadConnections()).isEqualTo(4);
        assertThat(m.toString()).doesNotContain("sandbox-secret");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("no jdbc-url", remove(SOURCE + "jdbc-url"),
                        SOURCE + "jdbc-url: must be set for kind mysql, for example jdbc:mariadb://db:3306/"),
                bad("a jdbc-url of another engine", set(SOURCE + "jdbc-url", "jdbc:postgresql://db:5432/shop"),
                        SOURCE + "jdbc-url: 'jdbc:postgresql://db:5432/shop' is not a MySQL or MariaDB JDBC URL"),
                bad("a password in the jdbc-url", set(SOURCE + "jdbc-url", "jdbc:mysql://db:3306/?password=x"),
                        SOURCE + "jdbc-url: must not carry a password; use " + SOURCE + "password"),
                bad("no username", remove(SOURCE + "username"),
                        SOURCE + "username: must be set for kind mysql"),
                bad("recovery credentials of DynamoDB's kind", set(SOURCE + "recovery-credentials.type", "default"),
                        SOURCE + "recovery-credentials: not used by kind mysql"),
                bad("a blank recovery username", set(SOURCE + "recovery-username", " "),
                        SOURCE + "recovery-username: must not be blank"),
                bad("a recovery password without its username", set(SOURCE + "recovery-password", "s3cret"),
                        SOURCE + "recovery-password: set without " + SOURCE + "recovery-username"),
                bad("no readers", set(SOURCE + "readers", "0"),
                        SOURCE + "readers: must be at least 1, was 0"),
                bad("readers in words", set(SOURCE + "readers", "four"),
                        SOURCE + "readers: cannot be read as Integer"),
                bad("an unknown global-read-lock", set(SOURCE + "global-read-lock", "sometimes"),
                        SOURCE + "global-read-lock: 'sometimes' is not one of required, or-single-reader, never"),
                // Another engine's key keeps rehearsal.sandbox itself set: the engine's own part is what is missing.
                bad("drills without the engine's sandbox", c -> set("rehearsal.sandbox.prefix", "rehearsal-sandbox-")
                                .apply(remove(SANDBOX).apply(c)),
                        "rehearsal.sandbox.mysql: must be set when a policy drills tables of a mysql source"),
                bad("no sandbox jdbc-url", remove(SANDBOX + "jdbc-url"),
                        SANDBOX + "jdbc-url: must be set for kind mysql"),
                bad("a sandbox jdbc-url of another engine", set(SANDBOX + "jdbc-url", "jdbc:h2:mem:sandbox"),
                        SANDBOX + "jdbc-url: 'jdbc:h2:mem:sandbox' is not a MySQL or MariaDB JDBC URL"),
                bad("a sandbox prefix with capitals", set(SANDBOX + "prefix", "Sandbox_"),
                        SANDBOX + "prefix: 'Sandbox_' is not valid; use 4-40 characters of a-z, 0-9 and '_'"),
                bad("a sandbox prefix too short", set(SANDBOX + "prefix", "sbx"),
                        SANDBOX + "prefix: 'sbx' is not valid"),
                bad("a sandbox prefix that names a source database", set(SANDBOX + "prefix", "shop"),
                        SANDBOX + "prefix: 'shop' matches the database of table 'shop.orders' of source 'shop'"),
                bad("no load connections", set(SANDBOX + "load-connections", "0"),
                        SANDBOX + "load-connections: must be at least 1"),
                bad("load connections in words", set(SANDBOX + "load-connections", "four"),
                        SANDBOX + "load-connections: cannot be read as Integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachBadValueIsReportedUnderItsKey(String name, UnaryOperator<Map<String, String>> change, String expected) {
        List<String> problems = problems(change.apply(valid()), TABLES);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(expected));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("rehearsal."));
    }

    @Test
    void aTableNameIsDatabaseDotTable() {
        MySqlEngineProvider engine = new MySqlEngineProvider();

        assertThat(engine.tableNameProblem("shop.orders")).isEmpty();
        assertThat(engine.tableNameProblem("orders")).hasValueSatisfying(p -> assertThat(p).contains("database.table"));
        assertThat(engine.tableNameProblem("shop.orders.v2")).isPresent();
        assertThat(engine.tableNameProblem("shop." + "t".repeat(65))).isPresent();
    }

    private static Arguments bad(String name, UnaryOperator<Map<String, String>> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static Map<String, String> valid() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(SOURCE + "kind", "mysql");
        c.put(SOURCE + "jdbc-url", "jdbc:mariadb://db:3306/");
        c.put(SOURCE + "username", "rehearsal_backup");
        c.put(SOURCE + "password", "backup-secret");
        c.put("rehearsal.stores.disk.type", "filesystem");
        c.put("rehearsal.stores.disk.path", "/var/lib/rehearsal");
        c.put("rehearsal.policies.main.source", "shop");
        c.put("rehearsal.policies.main.tables[0]", "shop.*");
        c.put("rehearsal.policies.main.store", "disk");
        c.put("rehearsal.policies.main.backup-cron", "0 0 2 * * *");
        c.put("rehearsal.policies.main.drill-cron", "0 0 4 * * *");
        c.put("rehearsal.policies.main.rto", "30m");
        c.put("rehearsal.policies.main.rpo", "26h");
        c.put(SANDBOX + "jdbc-url", "jdbc:mysql://sandbox:3306/");
        c.put(SANDBOX + "username", "rehearsal_sandbox");
        c.put(SANDBOX + "password", "sandbox-secret");
        return c;
    }

    private static UnaryOperator<Map<String, String>> set(String key, String value) {
        return c -> {
            Map<String, String> changed = new LinkedHashMap<>(c);
            changed.put(key, value);
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

    private static List<String> problems(Map<String, String> c, Map<String, List<String>> tables) {
        RehearsalProperties p = BinderSection.binder(c).bindOrCreate("rehearsal", RehearsalProperties.class);
        return ConfigValidator.problems(p, BinderSection.of(c), tables);
    }
}
