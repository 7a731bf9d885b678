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
 * </ol>
 * else the test fails with a message saying how to provide one. Use {@link #url()} in the class.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";

    private String adminUrl;
    private String user;
    private String password;
    private String database;
    private AutoCloseable container;

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
        String explicit = System.getenv("REHEARSAL_TEST_POSTGRES_URL");
        if (explicit != null && !explicit.isBlank()) {
            adminUrl = explicit;
            user = System.getenv().getOrDefault("REHEARSAL_TEST_POSTGRES_USER", "postgres");
            password = System.getenv().getOrDefault("REHEARSAL_TEST_POSTGRES_PASSWORD", "");
            return;
        }
        for (String db : new String[] {"test", "postgres"}) {
            try (Connection c = DriverManager.getConnection(LOCAL + db, "postgres", "")) {
                adminUrl = LOCAL + db;
                user = "postgres";
                password = "";
                return;
            } catch (SQLException notHere) {
                // Try the next one.
            }
        }
        try {
            var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
            pg.start();
            container = pg;
            adminUrl = pg.getJdbcUrl();
            user = pg.getUsername();
            password = pg.getPassword();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("no PostgreSQL for tests: set REHEARSAL_TEST_POSTGRES_URL (and _USER,"
                    + " _PASSWORD) to a server where the user may create databases, run one on 127.0.0.1:5432 with"
                    + " user postgres, or make Docker available for Testcontainers (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + (database == null ? adminUrl : url()).toLowerCase(Locale.ROOT);
    }
}
