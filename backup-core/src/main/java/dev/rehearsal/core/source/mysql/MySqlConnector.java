package dev.rehearsal.core.source.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens connections to one MySQL or MariaDB server with the session settings the backup format
 * depends on (docs/FORMAT.md, "MySQL text values"): UTC for TIMESTAMP values, a strict
 * {@code sql_mode} so that a value the server cannot store exactly is an error and never a
 * silent change, and utf8mb4 on the wire.
 *
 * @param jdbcUrl  {@code jdbc:mariadb://host:port/} or {@code jdbc:mysql://host:port/}; never with a password in it
 * @param username the user to connect as
 * @param password its password, or null; never written anywhere
 */
public record MySqlConnector(String jdbcUrl, String username, String password) {

    /** The {@code sql_mode} of every Rehearsal session; part of the format. */
    public static final String SQL_MODE = "STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,"
            + "NO_AUTO_VALUE_ON_ZERO";
    /** The settings every Rehearsal session runs with; part of the format. */
    static final String SESSION_SETTINGS = "SET time_zone = '+00:00', sql_mode = '" + SQL_MODE + "',"
            + " NAMES utf8mb4 COLLATE utf8mb4_bin, net_write_timeout = 3600, net_read_timeout = 3600";

    public MySqlConnector {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:mariadb:") && !jdbcUrl.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException("not a MySQL or MariaDB JDBC URL: '" + redacted(jdbcUrl)
                    + "' (jdbc:mariadb://host:port/ or jdbc:mysql://host:port/)");
        }
        if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("the JDBC URL carries a password; configure it as the password"
                    + " instead, so that it never reaches a manifest");
        }
    }

    /** A connection in autocommit mode with the format's session settings. */
    public Connection open() throws SQLException {
        return open(false);
    }

    /**
     * A connection with the format's session settings; {@code localInfile} lets it send a stream to
     * {@code LOAD DATA LOCAL INFILE} (the sink's loads, never a backup's reads).
     */
    public Connection open(boolean localInfile) throws SQLException {
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("permitMysqlScheme", "true");
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("allowLocalInfile", Boolean.toString(localInfile));
        p.setProperty("connectionAttributes", "program_name:rehearsal");
        String url = jdbcUrl.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
                : jdbcUrl;
        Connection c = DriverManager.getConnection(url, p);
        try (Statement s = c.createStatement()) {
            s.execute(SESSION_SETTINGS);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The URL without its query string, for manifests and messages. */
    public String endpoint() {
        return redacted(jdbcUrl);
    }

    @Override
    public String toString() {
        return "MySqlConnector[jdbcUrl=" + endpoint() + ", username=" + username + ", password=(hidden)]";
    }

    private static String redacted(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
