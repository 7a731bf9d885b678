package dev.rehearsal.core.source.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens connections to one PostgreSQL database with the session settings the backup format
 * depends on (docs/FORMAT.md, "PostgreSQL text values"): every value's text form is then the same
 * on the backup side, on the restore side and in the verifier.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}; never with a password in it
 * @param username the role to connect as
 * @param password its password, or null; never written anywhere
 */
public record PostgresConnector(String jdbcUrl, String username, String password) {

    /** The settings every Rehearsal session runs with; part of the format. */
    static final String SESSION_SETTINGS = "SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601';"
            + " SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET bytea_output = 'hex';"
            + " SET standard_conforming_strings = on; SET client_encoding = 'UTF8'";

    public PostgresConnector {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: '" + redacted(jdbcUrl) + "'");
        }
        if (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("the JDBC URL carries a password; configure it as the password"
                    + " instead, so that it never reaches a manifest");
        }
    }

    /** A connection in autocommit mode with the format's session settings. */
    public Connection open() throws SQLException {
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "rehearsal");
        Connection c = DriverManager.getConnection(jdbcUrl, p);
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

    private static String redacted(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
