package dev.rehearsal.dashboard.engine.mysql;

/**
 * What the MySQL sandbox reads from {@code rehearsal.sandbox.mysql}: a server that drills restore
 * into, each drill in a database of its own whose name starts with {@code prefix}.
 *
 * @param jdbcUrl         {@code jdbc:mariadb://host:port/} or {@code jdbc:mysql://host:port/}, without a password
 * @param username        a user that may create and drop databases whose names start with {@code prefix}
 * @param password        its password; never written to a manifest or a log
 * @param prefix          every sandbox database's name starts with this ({@code rehearsal_sandbox_} when not set)
 * @param loadConnections connections that load at once (4 when not set)
 */
public record MySqlSandboxConfig(String jdbcUrl, String username, String password, String prefix,
        Integer loadConnections) {

    public MySqlSandboxConfig {
        prefix = prefix == null ? "rehearsal_sandbox_" : prefix;
        loadConnections = loadConnections == null ? 4 : loadConnections;
    }

    @Override
    public String toString() {
        return "MySqlSandboxConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=(hidden), prefix="
                + prefix + ", loadConnections=" + loadConnections + "]";
    }
}
