package dev.rehearsal.dashboard.engine.mysql;

/**
 * What a MySQL or MariaDB source reads from {@code rehearsal.sources.<name>}.
 *
 * @param jdbcUrl          {@code jdbc:mariadb://host:port/} or {@code jdbc:mysql://host:port/}, without a password
 * @param username         the user to connect as, which needs to read the covered tables (SELECT, SHOW VIEW is
 *                         not needed) and, for parallel readers, RELOAD for the moment of the global read lock
 * @param password         its password; never written to a manifest or a log
 * @param recoveryUsername the user a restore into a new table of this server connects as, which may create
 *                         tables in the target databases, so that the backup user needs no write rights; when
 *                         null, such restores use {@code username} (see docs/SECURITY.md)
 * @param recoveryPassword its password, or null
 * @param readers          connections that read one table at once, each on a primary-key range (4 when not set)
 * @param globalReadLock   what parallel readers do about {@code FLUSH TABLES WITH READ LOCK}: {@code required}
 *                         (the default: without RELOAD a backup fails naming the privilege), {@code or-single-reader}
 *                         (one reader where the lock cannot be taken) or {@code never} (always one reader)
 */
public record MySqlSourceConfig(String jdbcUrl, String username, String password, String recoveryUsername,
        String recoveryPassword, Integer readers, String globalReadLock) {

    public MySqlSourceConfig {
        readers = readers == null ? 4 : readers;
        globalReadLock = globalReadLock == null ? "required" : globalReadLock;
    }

    @Override
    public String toString() {
        return "MySqlSourceConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=(hidden)"
                + ", recoveryUsername=" + recoveryUsername + ", recoveryPassword=(hidden), readers=" + readers
                + ", globalReadLock=" + globalReadLock + "]";
    }
}
