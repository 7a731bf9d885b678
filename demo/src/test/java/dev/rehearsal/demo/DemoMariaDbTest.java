package dev.rehearsal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's MariaDB part: on the local MariaDB (127.0.0.1:3306, root, as the project's machines and
 * CI run it) the sample table comes up as the README describes it, in a database of this test's own,
 * and goes when the demo closes; a server that cannot be used leaves the demo without its MariaDB
 * part instead of stopping it.
 */
class DemoMariaDbTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty("rehearsal.demo.mariadb-url");
        System.clearProperty("rehearsal.demo.mariadb");
        System.clearProperty("rehearsal.demo.mariadb-database");
    }

    @Test
    void theLocalServerHoldsTheSampleTableWithItsKeysUntilTheDemoCloses() throws Exception {
        String database = "rehearsal_demo_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        System.setProperty("rehearsal.demo.mariadb-database", database);
        Optional<DemoMariaDb> started = DemoMariaDb.start(0.1);
        assertThat(started).as("the demo reached the local MariaDB").isPresent();
        DemoMariaDb db = started.get();
        assertThat(db.table()).isEqualTo(database + ".orders");
        assertThat(db.sandboxPrefix()).startsWith(database).isNotEqualTo(database);
        try (Connection c = DriverManager.getConnection(DemoMariaDb.DEFAULT_URL, "root", "");
                Statement s = c.createStatement()) {
            try (db) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), count(note), count(receipt),"
                        + " count(DISTINCT status), sum(note LIKE 'Café \"Zürich\"%') FROM " + database + ".orders")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(500);
                    assertThat(rs.getLong(2)).isEqualTo(500);
                    assertThat(rs.getLong(3)).as("some notes are NULL").isBetween(1L, 499L);
                    assertThat(rs.getLong(4)).as("some receipts are NULL").isBetween(1L, 499L);
                    assertThat(rs.getLong(5)).isEqualTo(4);
                    assertThat(rs.getLong(6)).as("non-ASCII notes with quotes").isPositive();
                }
                try (ResultSet rs = s.executeQuery("SELECT GROUP_CONCAT(DISTINCT index_name ORDER BY index_name)"
                        + " FROM information_schema.statistics WHERE table_schema = '" + database + "'"
                        + " AND table_name = 'orders'")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualToIgnoringCase("orders_customer_placed,PRIMARY");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + database + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the demo's database is dropped when it closes").isZero();
            }
        }
    }

    @Test
    void aServerThatCannotBeReachedLeavesTheMariaDbPartOut() {
        System.setProperty("rehearsal.demo.mariadb-url", "jdbc:mariadb://127.0.0.1:1/");
        assertThat(DemoMariaDb.start(0.1)).isEmpty();
    }

    @Test
    void itCanBeTurnedOff() {
        System.setProperty("rehearsal.demo.mariadb", "off");
        assertThat(DemoMariaDb.start(0.1)).isEmpty();
    }
}
