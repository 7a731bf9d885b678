package dev.rehearsal.dashboard.engine.postgres;

/**
 * What the PostgreSQL sandbox reads from {@code rehearsal.sandbox.postgres}: a database that drills
 * restore into, each drill in a schema of its own.
 *
 * @param prefix          every sandbox schema's name starts with this ({@code rehearsal_sandbox_} when not set)
 * @param loadConnections COPY streams that load at once (4 when not set)
 */
public record PostgresSandboxConfig(String jdbcUrl, String username, String password, String prefix,
        Integer loadConnections) {

    public PostgresSandboxConfig {
        prefix = prefix == null ? "rehearsal_sandbox_" : prefix;
        loadConnections = loadConnections == null ? 4 : loadConnections;
    }

    @Override
    public String toString() {
        return "PostgresSandboxConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=(hidden), prefix="
                + prefix + ", loadConnections=" + loadConnections + "]";
    }
}
