package dev.rehearsal.dashboard.engine.postgres;

/**
 * What a PostgreSQL source reads from {@code rehearsal.sources.<name>}.
 *
 * @param jdbcUrl          {@code jdbc:postgresql://host:port/database}, without a password
 * @param username         the role to connect as, which needs only to read
 * @param password         its password; never written to a manifest or a log
 * @param recoveryUsername the role a restore into a new table of this database connects as, which
 *                         may create tables in the target schemas, so that the backup role needs no
 *                         write rights; when null, such restores use {@code username} (see docs/SECURITY.md)
 * @param recoveryPassword its password, or null
 */
public record PostgresSourceConfig(String jdbcUrl, String username, String password, String recoveryUsername,
        String recoveryPassword) {

    @Override
    public String toString() {
        return "PostgresSourceConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=(hidden)"
                + ", recoveryUsername=" + recoveryUsername + ", recoveryPassword=(hidden)]";
    }
}
