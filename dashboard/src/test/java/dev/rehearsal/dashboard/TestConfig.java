package dev.rehearsal.dashboard;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The configuration of a daemon under test, built from its parts instead of written out key by
 * key: a catalog, one DynamoDB Local source named {@value #SOURCE}, one filesystem store named
 * {@value #STORE}, policies whose crons never fire on their own (a test starts what it needs), and
 * API tokens by role. Anything else a test depends on is named with {@link #with}, so that what is
 * special about a test is what its configuration shows.
 *
 * <p>Values are read when the daemon reads them, not when the builder is written: a PostgreSQL
 * database of a {@link PostgresExtension} exists only once the extension has run.
 */
public final class TestConfig {

    /** The name of the source, as the tests' calls and assertions spell it. */
    public static final String SOURCE = "local";
    /** The name of the store. */
    public static final String STORE = "disk";
    /** A cron for 1 January at midnight: scheduled, so the daemon and its audit see a schedule, but never reached by a test. */
    public static final String NEVER = "0 0 0 1 1 *";

    private final Map<String, Supplier<String>> properties = new LinkedHashMap<>();
    private final Map<String, Supplier<String>> overrides = new LinkedHashMap<>();
    private final List<String> policies = new ArrayList<>();
    private boolean catalog;
    private boolean drills;

    private TestConfig() {
    }

    /** An empty configuration; it needs a catalog before it can be written. */
    public static TestConfig daemon() {
        return new TestConfig();
    }

    /** The catalog and job repository in an in-memory H2 database of this name, kept until the JVM ends. */
    public TestConfig h2(String database) {
        catalog = true;
        String url = "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
        put("spring.datasource.url", () -> url);
        return this;
    }

    /** The catalog and job repository in the database of a test class's own PostgreSQL extension. */
    public TestConfig postgres(PostgresExtension postgres) {
        catalog = true;
        put("spring.datasource.url", postgres::url);
        put("spring.datasource.username", postgres::user);
        put("spring.datasource.password", postgres::password);
        return this;
    }

    /** The source {@value #SOURCE}: this DynamoDB Local, with the static credentials it accepts. */
    public TestConfig source(DynamoDbLocal dynamo) {
        String prefix = "rehearsal.sources." + SOURCE + ".";
        put(prefix + "endpoint", () -> dynamo.endpoint().toString());
        credentials(prefix);
        return this;
    }

    /** The store {@value #STORE}: a directory on the filesystem. */
    public TestConfig filesystemStore(Path directory) {
        put("rehearsal.stores." + STORE + ".type", () -> "filesystem");
        put("rehearsal.stores." + STORE + ".path", directory::toString);
        return this;
    }

    /**
     * A policy covering these tables (names or patterns) of the source, backed up to the store on a
     * cron that {@linkplain #NEVER never fires}, with an RTO of ten minutes and an RPO of a day.
     */
    public TestConfig policy(String name, String... tables) {
        if (tables.length == 0) {
            throw new IllegalArgumentException("policy '" + name + "' covers no table");
        }
        String prefix = "rehearsal.policies." + name + ".";
        put(prefix + "source", () -> SOURCE);
        for (int i = 0; i < tables.length; i++) {
            String table = tables[i];
            put(prefix + "tables[" + i + "]", () -> table);
        }
        put(prefix + "store", () -> STORE);
        put(prefix + "backup-cron", () -> NEVER);
        put(prefix + "rto", () -> "10m");
        put(prefix + "rpo", () -> "1d");
        policies.add(name);
        return this;
    }

    /**
     * Drills: the sandbox on this DynamoDB Local (a second one, apart from the source), and on every
     * policy a drill cron that {@linkplain #NEVER never fires}, so that drills are scheduled but run
     * only when a test starts one. Without it a policy has no drill cron at all, and the daemon no
     * sandbox.
     */
    public TestConfig drillsIn(DynamoDbLocal sandbox) {
        drills = true;
        put("rehearsal.sandbox.endpoint", () -> sandbox.endpoint().toString());
        credentials("rehearsal.sandbox.");
        return this;
    }

    /** An API token with this role; the daemon is given its SHA-256 only, as in production. */
    public TestConfig token(String name, String role, String token) {
        String sha256 = ApiTokens.sha256(token);
        put("rehearsal.security.tokens." + name + ".sha256", () -> sha256);
        put("rehearsal.security.tokens." + name + ".role", () -> role);
        return this;
    }

    /** Any other property, or one of the above set otherwise; it wins over what the builder sets, whatever the order of calls. */
    public TestConfig with(String key, String value) {
        overrides.put(key, () -> value);
        return this;
    }

    /** Registers every property, each read when the daemon reads it. */
    public void addTo(DynamicPropertyRegistry registry) {
        resolved().forEach((key, value) -> registry.add(key, value::get));
    }

    /** Every property with its value now, in the order set: for a daemon started as a process. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        resolved().forEach((key, value) -> map.put(key, value.get()));
        return map;
    }

    private Map<String, Supplier<String>> resolved() {
        if (!catalog) {
            throw new IllegalStateException("TestConfig has no catalog: call h2(database) or postgres(extension),"
                    + " or the daemon would write to ./rehearsal-data");
        }
        Map<String, Supplier<String>> all = new LinkedHashMap<>(properties);
        if (drills) {
            policies.forEach(p -> all.put("rehearsal.policies." + p + ".drill-cron", () -> NEVER));
        }
        all.putAll(overrides);
        return all;
    }

    private void credentials(String prefix) {
        put(prefix + "credentials.type", () -> "static");
        put(prefix + "credentials.access-key-id", () -> "rehearsal");
        put(prefix + "credentials.secret-access-key", () -> "local");
    }

    private void put(String key, Supplier<String> value) {
        properties.put(key, value);
    }
}
