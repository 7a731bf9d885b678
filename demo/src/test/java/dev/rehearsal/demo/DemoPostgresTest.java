package dev.rehearsal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's PostgreSQL part: the embedded server comes up with the sample table as the README
 * describes it, and a server that cannot be used leaves the demo without its PostgreSQL part
 * instead of stopping it.
 */
class DemoPostgresTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty("rehearsal.demo.postgres-url");
        System.clearProperty("rehearsal.demo.postgres");
    }

    @Test
    void theEmbeddedServerHoldsTheSampleTableWithItsKeysAndAnEmptySandboxDatabase() throws Exception {
        Optional<DemoPostgres> started = DemoPostgres.start(0.1);
        assertThat(started).as("the embedded PostgreSQL started").isPresent();
        try (DemoPostgres pg = started.get();
                Connection c = DriverManager.getConnection(pg.sourceUrl(), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), count(note), count(receipt)"
                    + " FROM shop.orders")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(500);
                assertThat(rs.getLong(2)).isEqualTo(500);
                assertThat(rs.getLong(3)).as("some notes are NULL").isBetween(1L, 499L);
                assertThat(rs.getLong(4)).as("some receipts are NULL").isBetween(1L, 499L);
            }
            try (ResultSet rs = s.executeQuery("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes"
                    + " WHERE schemaname = 'shop' AND tablename = 'orders'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("orders_customer_placed,orders_pkey");
            }
            try (Connection sandbox = DriverManager.getConnection(pg.sandboxUrl(), pg.user(), pg.password());
                    ResultSet rs = sandbox.createStatement().executeQuery(
                            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void aServerThatCannotBeReachedLeavesThePostgresPartOut() {
        System.setProperty("rehearsal.demo.postgres-url", "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2");
        assertThat(DemoPostgres.start(0.1)).isEmpty();
    }

    @Test
    void itCanBeTurnedOff() {
        System.setProperty("rehearsal.demo.postgres", "off");
        assertThat(DemoPostgres.start(0.1)).isEmpty();
    }
}
