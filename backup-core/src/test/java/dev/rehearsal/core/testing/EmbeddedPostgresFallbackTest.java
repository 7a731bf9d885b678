package dev.rehearsal.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The last PostgreSQL of {@link PostgresExtension}, forced whatever else runs on the machine: where it
 * is broken (binaries missing from the class path, a server that does not start as root, one that
 * only other processes cannot reach), this test fails rather than the suite on a machine without a
 * PostgreSQL service.
 */
class EmbeddedPostgresFallbackTest {

    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.embedded();

    @Test
    void givesTheClassADatabaseOfItsOwnOnPostgres15OverTcp() throws SQLException {
        assertThat(pg.url()).startsWith("jdbc:postgresql://127.0.0.1:").doesNotContain(":5432/");
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 1000) g");
            ResultSet r = s.executeQuery("SELECT current_database(), current_setting('server_version_num')::int,"
                    + " inet_server_addr()::text, (SELECT count(*) FROM t), (SELECT note FROM t WHERE id = 1000)");
            assertThat(r.next()).isTrue();
            assertThat(pg.url()).endsWith("/" + r.getString(1));
            assertThat(r.getInt(2)).isBetween(150000, 159999);
            // A TCP connection, as the daemon JVMs of the dashboard's integration tests make.
            assertThat(r.getString(3)).isEqualTo("127.0.0.1/32");
            assertThat(r.getLong(4)).isEqualTo(1000);
            assertThat(r.getString(5)).isEqualTo("row 1000");
        }
    }

    @Test
    void anotherClassSharesTheServerButNotTheDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mine (id int)");
        }
        PostgresExtension other = PostgresExtension.embedded();
        other.beforeAll(null);
        String otherDatabase;
        try {
            assertThat(serverOf(other.url())).isEqualTo(serverOf(pg.url()));
            assertThat(other.url()).isNotEqualTo(pg.url());
            otherDatabase = other.url().substring(other.url().lastIndexOf('/') + 1);
            try (Connection c = DriverManager.getConnection(other.url(), other.user(), other.password());
                    Statement s = c.createStatement()) {
                ResultSet r = s.executeQuery("SELECT to_regclass('public.mine') IS NULL");
                r.next();
                assertThat(r.getBoolean(1)).as("the other class's database starts empty").isTrue();
            }
        } finally {
            other.afterAll(null);
        }
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            ResultSet r = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + otherDatabase + "'");
            r.next();
            assertThat(r.getInt(1)).as("dropped after its class, on a server that stays up").isZero();
        }
    }

    private static String serverOf(String url) {
        return url.substring(0, url.lastIndexOf('/'));
    }
}
