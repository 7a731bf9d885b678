package dev.rehearsal.dashboard.engine.postgres;

/**
 * What a PostgreSQL source reads from {@code rehearsal.sources.<name>}.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}, without a password
 * @param username the role to connect as, which needs only to read
 * @param password its password; never written to a manifest or a log
 */
public record PostgresSourceConfig(String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        return "PostgresSourceConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=(hidden)]";
    }
}
