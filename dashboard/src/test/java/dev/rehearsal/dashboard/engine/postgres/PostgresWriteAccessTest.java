package dev.rehearsal.dashboard.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.dashboard.config.BinderSection;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The start-up check of what a PostgreSQL source's backup role could write, against a real server:
 * roles are created with exactly the rights each case needs, and the check must name the role and the
 * tables when, and only when, the role could change one of them.
 */
class PostgresWriteAccessTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String READER = "rh_reader_" + SUFFIX;
    private static final String INSERTER = "rh_inserter_" + SUFFIX;
    private static final String COLUMN_UPDATER = "rh_column_updater_" + SUFFIX;
    private static final String OWNER = "rh_owner_" + SUFFIX;
    private static final String WRITE_ALL = "rh_write_all_" + SUFFIX;
    private static final List<String> ROLES = List.of(READER, INSERTER, COLUMN_UPDATER, OWNER, WRITE_ALL);
    private static final List<String> COVERED = List.of("public.orders", "public.customers", "billing.ledger");

    @BeforeAll
    static void rolesWithTheirRights() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, status text)");
            s.execute("CREATE TABLE public.customers (id bigint PRIMARY KEY, name text)");
            s.execute("CREATE SCHEMA billing");
            s.execute("CREATE TABLE billing.ledger (id bigint PRIMARY KEY, amount numeric)");
            for (String role : ROLES) {
                s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
                s.execute("GRANT USAGE ON SCHEMA public, billing TO " + role);
                s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public, billing TO " + role);
            }
            s.execute("GRANT INSERT ON public.orders TO " + INSERTER);
            s.execute("GRANT INSERT, DELETE ON public.customers TO " + INSERTER);
            s.execute("GRANT UPDATE (status) ON public.orders TO " + COLUMN_UPDATER);
            s.execute("ALTER TABLE billing.ledger OWNER TO " + OWNER);
            s.execute("GRANT pg_write_all_data TO " + WRITE_ALL);
        }
    }

    @AfterAll
    static void dropTheRoles() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String role : ROLES) {
                // Roles belong to the whole server, not to the test's database: leave none behind.
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void aRoleThatMayOnlySelectRaisesNoWarning() {
        assertThat(warnings(READER, COVERED)).isEmpty();
    }

    @Test
    void insertAndDeleteAreNamedWithTheRoleAndTheTablesGroupedByWhatTheRoleMayDo() {
        assertThat(warnings(INSERTER, COVERED)).containsExactly(
                "Source 'orders-db': PostgreSQL role '" + INSERTER + "' has INSERT on 1 covered table: public.orders;"
                        + " a backup needs only SELECT (docs/SECURITY.md)",
                "Source 'orders-db': PostgreSQL role '" + INSERTER + "' has INSERT, DELETE on 1 covered table:"
                        + " public.customers; a backup needs only SELECT (docs/SECURITY.md)");
    }

    @Test
    void anUpdateGrantedOnOneColumnIsAWriteRightToo() {
        assertThat(warnings(COLUMN_UPDATER, COVERED)).singleElement().asString()
                .contains("role '" + COLUMN_UPDATER + "' has UPDATE on 1 covered table: public.orders");
    }

    @Test
    void anOwnerIsWarnedAboutOnceForTheTablesItOwns() {
        assertThat(warnings(OWNER, COVERED)).containsExactly("Source 'orders-db': PostgreSQL role '" + OWNER
                + "' owns 1 covered table: billing.ledger, so the backup credentials could alter or drop them;"
                + " back up as a role that may only read (docs/SECURITY.md)");
    }

    @Test
    void writeRightsThroughAPredefinedRoleAreFound() {
        assertThat(warnings(WRITE_ALL, COVERED)).containsExactly("Source 'orders-db': PostgreSQL role '" + WRITE_ALL
                + "' has INSERT, UPDATE, DELETE on 3 covered tables: billing.ledger, public.customers, public.orders;"
                + " a backup needs only SELECT (docs/SECURITY.md)");
    }

    @Test
    void onlyCoveredTablesAreChecked() {
        assertThat(warnings(INSERTER, List.of("public.orders"))).singleElement().asString()
                .contains("public.orders").doesNotContain("public.customers");
        assertThat(warnings(OWNER, List.of())).isEmpty();
    }

    @Test
    void aSuperuserIsOneWarningWhateverItsTables() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assumeTrue(rs.getBoolean(1), "the test server's user is not a superuser");
        }
        try (var engine = new PostgresEngineProvider().source("orders-db", section(postgres.user(), postgres.password()))) {
            assertThat(engine.writeAccessWarnings(COVERED)).singleElement().asString()
                    .startsWith("Source 'orders-db': PostgreSQL role '" + postgres.user() + "' is a superuser");
        }
    }

    /** The daemon's path: covered tables from the policies, one line for a source the check cannot ask. */
    @Test
    void theDaemonChecksEachSourceOnItsPoliciesTablesAndACheckThatFailsIsOneLine() {
        Map<String, String> c = new LinkedHashMap<>();
        c.putAll(source("orders-db", INSERTER, PASSWORD));
        c.putAll(source("gone", "rh_no_such_role_" + SUFFIX, PASSWORD));
        c.putAll(policy("customers", "orders-db", "public.customers"));
        c.putAll(policy("gone", "gone", "public.*"));
        RehearsalProperties config = BinderSection.binder(c).bindOrCreate("rehearsal", RehearsalProperties.class);
        try (Engines engines = new Engines(config, BinderSection.of(c), new InMemorySandboxLedger())) {
            List<String> warnings = engines.writeAccessWarnings(Map.of(
                    "orders-db", List.of("public.customers", "public.orders"), "gone", List.of("public.orders")));

            assertThat(warnings).hasSize(2);
            assertThat(warnings).anySatisfy(w -> assertThat(w)
                    .startsWith("Source 'orders-db': PostgreSQL role '" + INSERTER + "' has INSERT, DELETE on 1 covered"
                            + " table: public.customers"));
            assertThat(warnings).noneSatisfy(w -> assertThat(w).contains("public.orders;"));
            assertThat(warnings).anySatisfy(w -> assertThat(w)
                    .startsWith("Source 'gone': could not check what its backup credentials could write: source 'gone'"));
        }
    }

    @Test
    void aLongListOfTablesIsCutShort() {
        assertThat(PostgresWriteAccess.tables(List.of("s.a", "s.b", "s.c", "s.d", "s.e", "s.f", "s.g")))
                .isEqualTo("7 covered tables: s.a, s.b, s.c, s.d, s.e and 2 more");
    }

    private static List<String> warnings(String role, List<String> covered) {
        try (var engine = new PostgresEngineProvider().source("orders-db", section(role, PASSWORD))) {
            return engine.writeAccessWarnings(covered);
        }
    }

    private static ConfigSection section(String user, String password) {
        return BinderSection.of(source("orders-db", user, password)).child("sources").child("orders-db");
    }

    private static Map<String, String> source(String name, String user, String password) {
        String key = "rehearsal.sources." + name + ".";
        return Map.of(key + "kind", "postgres", key + "jdbc-url", postgres.url(), key + "username", user,
                key + "password", password);
    }

    private static Map<String, String> policy(String name, String source, String tables) {
        String key = "rehearsal.policies." + name + ".";
        return Map.of(key + "source", source, key + "tables[0]", tables, key + "store", "disk",
                key + "backup-cron", "0 0 2 * * *", key + "rto", "30m", key + "rpo", "26h");
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
    }
}
