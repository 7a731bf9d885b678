package dev.rehearsal.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's PostgreSQL: a database holding the sample table and a database for sandboxes (as in
 * production, where drills restore somewhere else than the source), on one server that is, in order:
 * <ol>
 *   <li>the one at {@code -Drehearsal.demo.postgres-url} or {@code REHEARSAL_DEMO_POSTGRES_URL}
 *       (a JDBC URL of a database from which the user may create databases; user and password from
 *       {@code rehearsal.demo.postgres-user}/{@code -password} or {@code REHEARSAL_DEMO_POSTGRES_USER}/
 *       {@code _PASSWORD}, by default {@code postgres} and none);</li>
 *   <li>else an embedded PostgreSQL 15 that this class starts from the binaries on the class path
 *       (Linux x86-64), in a temporary directory, stopped by {@link #close()}.</li>
 * </ol>
 * When neither is available the demo runs without its PostgreSQL part, and {@link #start} says why.
 * {@code -Drehearsal.demo.postgres=off} leaves it out on purpose.
 */
final class DemoPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoPostgres.class);

    static final String SOURCE_DATABASE = "rehearsal_demo";
    static final String SANDBOX_DATABASE = "rehearsal_demo_sandbox";
    /** The sample table, named as the daemon names PostgreSQL tables: {@code schema.table}. */
    static final String TABLE = "shop.orders";
    /** Rows of {@link #TABLE} at scale 1. */
    static final int FULL_SIZE = 5_000;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private DemoPostgres(String adminUrl, String user, String password, EmbeddedPostgres embedded) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * Finds or starts the server, creates both databases afresh and fills the sample table; empty,
     * after a warning that says why and how to get it, when there is no server to use.
     */
    static Optional<DemoPostgres> start(double scale) {
        if ("off".equalsIgnoreCase(setting("rehearsal.demo.postgres", "REHEARSAL_DEMO_POSTGRES", ""))) {
            log.warn("Demo: the PostgreSQL part is skipped: turned off with rehearsal.demo.postgres=off");
            return Optional.empty();
        }
        DemoPostgres pg;
        String url = setting("rehearsal.demo.postgres-url", "REHEARSAL_DEMO_POSTGRES_URL", "");
        if (!url.isBlank()) {
            pg = new DemoPostgres(url, setting("rehearsal.demo.postgres-user", "REHEARSAL_DEMO_POSTGRES_USER", "postgres"),
                    setting("rehearsal.demo.postgres-password", "REHEARSAL_DEMO_POSTGRES_PASSWORD", ""), null);
        } else {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                pg = new DemoPostgres(server.getJdbcUrl("postgres", "postgres"), "postgres", "", server);
            } catch (Exception | LinkageError e) {
                log.warn("Demo: the PostgreSQL part is skipped: the embedded PostgreSQL did not start ({}). Its"
                        + " binaries are for Linux x86-64; elsewhere, point the demo at a server with"
                        + " -Drehearsal.demo.postgres-url=jdbc:postgresql://127.0.0.1:5432/postgres", reason(e));
                return Optional.empty();
            }
        }
        try {
            pg.createDatabases();
            int rows = Math.max(10, (int) (FULL_SIZE * scale));
            pg.seed(rows);
            log.info("Demo: PostgreSQL {} with table {} ({} rows) in database {}, sandboxes in database {}",
                    pg.embedded != null ? "(embedded, port " + pg.embedded.getPort() + ")" : pg.adminUrl, TABLE, rows,
                    SOURCE_DATABASE, SANDBOX_DATABASE);
            return Optional.of(pg);
        } catch (SQLException e) {
            pg.close();
            log.warn("Demo: the PostgreSQL part is skipped: could not prepare the demo databases on {} as user '{}'"
                    + " ({})", pg.adminUrl, pg.user, reason(e));
            return Optional.empty();
        }
    }

    /** The JDBC URL of the database with the sample table. */
    String sourceUrl() {
        return urlOf(SOURCE_DATABASE);
    }

    /** The JDBC URL of the database that drills restore into. */
    String sandboxUrl() {
        return urlOf(SANDBOX_DATABASE);
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    private String urlOf(String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String params = query < 0 ? "" : adminUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    private void createDatabases() throws SQLException {
        // Afresh at every start, like the in-memory DynamoDB Local: a demo that starts from nothing.
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            for (String db : new String[] {SOURCE_DATABASE, SANDBOX_DATABASE}) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + db);
            }
        }
    }

    private void seed(int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(sourceUrl(), user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA shop");
            s.execute("CREATE TYPE shop.order_status AS ENUM ('placed', 'paid', 'shipped', 'returned')");
            s.execute("""
                    CREATE TABLE shop.orders (
                      id          bigint PRIMARY KEY,
                      customer    uuid NOT NULL,
                      placed_at   timestamptz NOT NULL,
                      status      shop.order_status NOT NULL,
                      total       numeric(12, 2) NOT NULL CHECK (total >= 0),
                      item_count  integer NOT NULL,
                      gift        boolean NOT NULL DEFAULT false,
                      ship_by     date,
                      note        text,
                      tags        text[],
                      details     jsonb,
                      receipt     bytea
                    )""");
            s.execute("CREATE INDEX orders_customer_placed ON shop.orders (customer, placed_at DESC)");
            // Deterministic values from the row number, with NULLs, non-ASCII text and quoting
            // characters here and there, so that the drill's checks compare something real.
            try (var insert = c.prepareStatement("""
                    INSERT INTO shop.orders
                    SELECT i,
                           md5('customer-' || (i % 997))::uuid,
                           timestamptz '2024-01-01 00:00:00+00' + i * interval '17 minutes 3.25 seconds',
                           (ARRAY['placed', 'paid', 'shipped', 'returned'])[1 + i % 4]::shop.order_status,
                           round(((i * 7919) % 100000) / 100.0, 2),
                           1 + i % 9,
                           i % 13 = 0,
                           CASE WHEN i % 5 = 0 THEN NULL ELSE date '2024-01-03' + i / 80 END,
                           CASE WHEN i % 3 = 0 THEN NULL
                                WHEN i % 7 = 0 THEN 'Café "Zürich", tab' || chr(9) || 'and ''quote'' #' || i
                                ELSE 'leave at the door #' || i END,
                           CASE WHEN i % 4 = 0 THEN NULL ELSE ARRAY['web', 'batch-' || (i % 10)] END,
                           jsonb_build_object('channel', CASE WHEN i % 2 = 0 THEN 'web' ELSE 'app' END,
                                              'lines', jsonb_build_array(i % 9, i % 5), 'coupon', NULL),
                           CASE WHEN i % 6 = 0 THEN NULL ELSE decode(md5('receipt-' || i), 'hex') END
                    FROM generate_series(1, ?) AS i""")) {
                insert.setInt(1, rows);
                insert.executeUpdate();
            }
            s.execute("ANALYZE shop.orders");
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                log.debug("Demo: stopping the embedded PostgreSQL failed", e);
            }
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
