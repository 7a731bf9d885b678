package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.source.mysql.MySqlRowJson;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.core.source.mysql.MySqlTestDatabase;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.drill.mysql.MySqlDrillFixture;
import dev.rehearsal.drill.mysql.MySqlTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drill-faults contract on MariaDB: {@code <test database>.orders}, 6,000 rows with a primary key
 * and an index, backed up with parallel readers and restored into a sandbox database on the same server.
 */
class MySqlDrillFaultsTest extends DrillFaultsContract {

    @RegisterExtension
    static final MySqlTestDatabase db = new MySqlTestDatabase();

    private static final List<String> COLUMNS = List.of("id", "customer", "total", "n");
    private static MySqlDrillFixture fx;
    private static String table;

    @BeforeAll
    static void sourceTable() throws Exception {
        fx = new MySqlDrillFixture(db);
        table = db.database() + ".orders";
        db.sql("SET SESSION max_recursive_iterations = 1000000",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL, total DECIMAL(12,2), n INT,"
                        + " KEY orders_customer (customer))",
                "INSERT INTO orders WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 6000)"
                        + " SELECT x, CONCAT('customer ', x % 97), x * 1.25, x FROM g");
    }

    @Override
    protected String source() {
        return "maria";
    }

    @Override
    protected String table() {
        return table;
    }

    @Override
    protected BackupResult backup(BackupStore store) throws Exception {
        return fx.backup(table, store, 3);
    }

    @Override
    protected SandboxGuard guard() {
        return fx.guard(Set.of(table));
    }

    @Override
    protected TableSink sink(SandboxGuard guard) {
        return fx.sink(guard);
    }

    @Override
    protected String reportKey(int n) {
        return "{\"id\":\"" + n + "\"}";
    }

    @Override
    protected byte[] sourceLine(int n) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT CAST(id AS CHAR), customer, CAST(total AS CHAR), CAST(n AS CHAR) FROM orders WHERE id = ?")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %d in the source", n).isTrue();
                return MySqlRowJson.line(COLUMNS, new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)});
            }
        }
    }

    @Override
    protected void deleteItem(String sandbox, int n) throws Exception {
        db.sql("DELETE FROM " + new MySqlTableName(sandbox, "orders").quoted() + " WHERE id = " + n);
    }

    @Override
    protected void changeAttributeN(String sandbox, int n) throws Exception {
        db.sql("UPDATE " + new MySqlTableName(sandbox, "orders").quoted() + " SET n = -1 WHERE id = " + n);
    }

    @Override
    protected List<String> dropIndex(String sandbox) throws Exception {
        db.sql("ALTER TABLE " + new MySqlTableName(sandbox, "orders").quoted() + " DROP INDEX orders_customer");
        return List.of("indexes: backup has {orders_customer=");
    }

    /** Someone widens a column's type by hand: the data would still fit. */
    @Override
    protected String editManifest(String manifest) {
        return manifest.replace("\"decimal(12,2)\"", "\"decimal(14,2)\"");
    }

    @Override
    protected void takeName(String name) throws Exception {
        String q = MySqlTableName.quote(name);
        db.sql("CREATE DATABASE " + q, "CREATE TABLE " + q + ".precious (id INT PRIMARY KEY, v TEXT)",
                "INSERT INTO " + q + ".precious VALUES (1, 'keep me'), (2, 'and me')");
    }

    @Override
    protected Object contents(String name) throws Exception {
        return fx.rowsAsText(new MySqlTableName(name, "precious"), "id");
    }

    @Override
    protected void removeTaken(String name) throws Exception {
        db.sql("DROP DATABASE " + MySqlTableName.quote(name));
    }

    /** MariaDB is reached through JDBC, whose calls no test client records: the content comparison is the evidence. */
    @Override
    protected Optional<List<String>> writeCallsOfTheLastSink() {
        return Optional.empty();
    }

    /** Only sandboxes live under this test's prefix: none may be left, whichever drill made it. */
    @Override
    protected void assertNoSandboxLeftBy(String drillId) throws Exception {
        assertThat(fx.sandboxDatabases()).isEmpty();
    }

    @Test
    void sandboxNamesLongerThanMySqlAllowsAreRefusedNotTruncated() {
        SandboxGuard guard = fx.guard(Set.of(table));
        String name = guard.sandboxFor(db.database() + "." + "x".repeat(80), "20261121t161500-9f3a61").name();
        assertThat(name).hasSizeLessThanOrEqualTo(MySqlTableSink.MAX_NAME).startsWith(db.sandboxPrefix());
        assertThatThrownBy(() -> guard.accept(db.sandboxPrefix() + "y".repeat(60), "20261121t161500-9f3a61"))
                .hasMessageContaining("longer than the 64");
    }
}
