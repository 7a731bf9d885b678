package dev.rehearsal.core.source.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on a MySQL or MariaDB server for a test class, dropped afterwards, with a name
 * of its own ({@code rh_mysql_<random>}) so that tests running at the same time on the same server
 * never meet. The server is the one at {@code REHEARSAL_TEST_MYSQL_URL} (with
 * {@code REHEARSAL_TEST_MYSQL_USER} and {@code _PASSWORD}), else the local service on
 * 127.0.0.1:3306 as root without a password, which .ci/run starts. Sandbox databases the test
 * creates under {@link #sandboxPrefix()} are dropped too.
 */
public final class MySqlTestDatabase implements BeforeAllCallback, AfterAllCallback {

    private final String url = env("REHEARSAL_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/");
    private final String user = env("REHEARSAL_TEST_MYSQL_USER", "root");
    private final String password = System.getenv("REHEARSAL_TEST_MYSQL_PASSWORD");
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private boolean created;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        if (created) {
            return;
        }
        sql("CREATE DATABASE " + database() + " CHARACTER SET utf8mb4");
        created = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (!created) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database());
            java.util.List<String> sandboxes = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '"
                    + sandboxPrefix() + "%'")) {
                while (rs.next()) {
                    sandboxes.add(rs.getString(1));
                }
            }
            for (String db : sandboxes) {
                s.execute("DROP DATABASE IF EXISTS " + MySqlTableName.quote(db));
            }
        } finally {
            created = false;
        }
    }

    /** The test's own database. */
    public String database() {
        return "rh_mysql_" + id;
    }

    /** A sandbox prefix no other test class shares. */
    public String sandboxPrefix() {
        return "rh_sbx_" + id + "_";
    }

    /** A short name unique to this class, for users and the like. */
    public String id() {
        return id;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public MySqlConnector connector() {
        return new MySqlConnector(url, user, password);
    }

    /** A connection with the test database as the default one, in the format's session settings. */
    public Connection connect() throws SQLException {
        Connection c = connector().open();
        if (created) {
            try (Statement s = c.createStatement()) {
                s.execute("USE " + database());
            }
        }
        return c;
    }

    public void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** A raw JDBC connection as {@code user}, for tests of rights. */
    public Connection connectAs(String otherUser, String otherPassword) throws SQLException {
        return DriverManager.getConnection(url, otherUser, otherPassword);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
