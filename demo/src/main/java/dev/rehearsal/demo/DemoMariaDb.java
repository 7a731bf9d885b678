package dev.rehearsal.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's MariaDB (or MySQL): a database holding the sample table {@code <database>.orders}, on
 * the server at {@code -Drehearsal.demo.mariadb-url} or {@code REHEARSAL_DEMO_MARIADB_URL}, by default
 * the local service at {@code jdbc:mariadb://127.0.0.1:3306/} (user from
 * {@code rehearsal.demo.mariadb-user}/{@code REHEARSAL_DEMO_MARIADB_USER}, by default {@code root},
 * password from {@code rehearsal.demo.mariadb-password}/{@code REHEARSAL_DEMO_MARIADB_PASSWORD}, by
 * default none). Drills restore into databases of the same server named with
 * {@code <database>_sandbox_}. No MariaDB is started here: Maven Central has no embedded MariaDB
 * this build can use, so without a server the demo runs without its MariaDB part, and {@link #start}
 * says why. {@code -Drehearsal.demo.mariadb=off} leaves it out on purpose.
 *
 * <p>The server is shared, unlike the demo's own DynamoDB Local: the database is
 * {@value #DEFAULT_DATABASE} unless {@code rehearsal.demo.mariadb-database} names another (the tests
 * give each run its own), it is created afresh at each start, and {@link #close()} drops it and its
 * sandbox databases.
 */
final class DemoMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoMariaDb.class);

    static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3306/";
    static final String DEFAULT_DATABASE = "rehearsal_demo";
    /** The sample table's name in its database. */
    static final String TABLE = "orders";
    /** Rows of the sample table at scale 1. */
    static final int FULL_SIZE = 5_000;

    private final String url;
    private final String user;
    private final String password;
    private final String database;

    private DemoMariaDb(String url, String user, String password, String database) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /**
     * Reaches the server, creates the database afresh and fills the sample table; empty, after a
     * warning that says why and how to get it, when there is no server to use.
     */
    static Optional<DemoMariaDb> start(double scale) {
        if ("off".equalsIgnoreCase(setting("rehearsal.demo.mariadb", "REHEARSAL_DEMO_MARIADB", ""))) {
            log.warn("Demo: the MariaDB part is skipped: turned off with rehearsal.demo.mariadb=off");
            return Optional.empty();
        }
        String database = setting("rehearsal.demo.mariadb-database", "REHEARSAL_DEMO_MARIADB_DATABASE", DEFAULT_DATABASE);
        if (!database.matches("[a-z0-9_]{1,40}")) {
            log.warn("Demo: the MariaDB part is skipped: rehearsal.demo.mariadb-database '{}' is not 1-40 characters"
                    + " of a-z, 0-9 and '_'", database);
            return Optional.empty();
        }
        DemoMariaDb db = new DemoMariaDb(setting("rehearsal.demo.mariadb-url", "REHEARSAL_DEMO_MARIADB_URL", DEFAULT_URL),
                setting("rehearsal.demo.mariadb-user", "REHEARSAL_DEMO_MARIADB_USER", "root"),
                setting("rehearsal.demo.mariadb-password", "REHEARSAL_DEMO_MARIADB_PASSWORD", ""), database);
        try {
            int rows = Math.max(10, (int) (FULL_SIZE * scale));
            db.seed(rows);
            log.info("Demo: MariaDB at {} with table {} ({} rows), sandboxes in databases {}*", db.url, db.table(), rows,
                    db.sandboxPrefix());
            return Optional.of(db);
        } catch (SQLException e) {
            log.warn("Demo: the MariaDB part is skipped: no MariaDB or MySQL to use at {} as user '{}' ({}). Start the"
                    + " local service (Debian: apt-get install mariadb-server) or point the demo at one with"
                    + " -Drehearsal.demo.mariadb-url=jdbc:mariadb://host:3306/", db.url, db.user, reason(e));
            db.close();
            return Optional.empty();
        }
    }

    /** The server's JDBC URL, without a database: the engine names tables {@code database.table}. */
    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String database() {
        return database;
    }

    /** The sample table as the daemon names it: {@code database.table}. */
    String table() {
        return database + "." + TABLE;
    }

    /** The name every sandbox database of the demo starts with; no source database does. */
    String sandboxPrefix() {
        return database + "_sandbox_";
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "3000");
        p.setProperty("permitMysqlScheme", "true");
        return DriverManager.getConnection(url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:"
                + url.substring("jdbc:mysql:".length()) : url, p);
    }

    private void seed(int rows) throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            // Afresh at every start, like the in-memory DynamoDB Local: a demo that starts from nothing.
            dropDatabases(s);
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            s.execute("SET time_zone = '+00:00'");
            s.execute("""
                    CREATE TABLE `%s`.orders (
                      id          BIGINT UNSIGNED NOT NULL PRIMARY KEY,
                      customer    CHAR(36) NOT NULL,
                      placed_at   DATETIME(6) NOT NULL,
                      status      ENUM('placed', 'paid', 'shipped', 'returned') NOT NULL,
                      total       DECIMAL(12, 2) NOT NULL CHECK (total >= 0),
                      item_count  SMALLINT NOT NULL,
                      gift        TINYINT(1) NOT NULL DEFAULT 0,
                      ship_by     DATE,
                      note        VARCHAR(200),
                      details     JSON,
                      receipt     VARBINARY(16),
                      KEY orders_customer_placed (customer, placed_at)
                    ) ENGINE = InnoDB""".formatted(database));
            // Deterministic values from the row number (MariaDB's SEQUENCE engine), with NULLs,
            // non-ASCII text and quoting characters here and there, so that the drill's checks
            // compare something real.
            s.execute("""
                    INSERT INTO `%s`.orders
                    SELECT seq,
                           CONCAT_WS('-', SUBSTR(MD5(CONCAT('customer-', seq %% 997)), 1, 8),
                                     SUBSTR(MD5(CONCAT('customer-', seq %% 997)), 9, 4),
                                     SUBSTR(MD5(CONCAT('customer-', seq %% 997)), 13, 4),
                                     SUBSTR(MD5(CONCAT('customer-', seq %% 997)), 17, 4),
                                     SUBSTR(MD5(CONCAT('customer-', seq %% 997)), 21, 12)),
                           TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 1023250000) MICROSECOND,
                           ELT(1 + seq %% 4, 'placed', 'paid', 'shipped', 'returned'),
                           ROUND(((seq * 7919) %% 100000) / 100.0, 2),
                           1 + seq %% 9,
                           seq %% 13 = 0,
                           CASE WHEN seq %% 5 = 0 THEN NULL ELSE DATE '2024-01-03' + INTERVAL (seq DIV 80) DAY END,
                           CASE WHEN seq %% 3 = 0 THEN NULL
                                WHEN seq %% 7 = 0 THEN CONCAT('Café "Zürich", tab', CHAR(9), 'and ''quote'' #', seq)
                                ELSE CONCAT('leave at the door #', seq) END,
                           JSON_OBJECT('channel', IF(seq %% 2 = 0, 'web', 'app'),
                                       'lines', JSON_ARRAY(seq %% 9, seq %% 5), 'coupon', NULL),
                           CASE WHEN seq %% 6 = 0 THEN NULL ELSE UNHEX(MD5(CONCAT('receipt-', seq))) END
                    FROM `%s`.seq_1_to_%d""".formatted(database, database, rows));
            s.execute("ANALYZE TABLE `" + database + "`.orders");
        }
    }

    /** This demo's database and every sandbox database named with its prefix. */
    private void dropDatabases(Statement s) throws SQLException {
        List<String> drop = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata WHERE schema_name = '"
                + database + "' OR schema_name LIKE '" + sandboxPrefix().replace("_", "\\_") + "%'")) {
            while (rs.next()) {
                drop.add(rs.getString(1));
            }
        }
        for (String name : drop) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }

    /** Drops the demo's database and its sandboxes: the server is not the demo's own. */
    @Override
    public void close() {
        try (Connection c = open(); Statement s = c.createStatement()) {
            dropDatabases(s);
        } catch (SQLException e) {
            log.debug("Demo: dropping the MariaDB databases of the demo failed", e);
        }
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null ? fallback : value;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }
}
