package dev.rehearsal.dashboard.engine;

import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.drill.postgres.PostgresTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL sources ({@code kind: postgres}, tables named {@code schema.table}) and the PostgreSQL
 * sandbox of {@code rehearsal.sandbox.postgres}, where each drill restores into a schema of its own.
 */
public final class PostgresEngineProvider implements EngineProvider {

    @Override
    public boolean supports(String kind) {
        return "postgres".equals(kind);
    }

    /** Schema and table, each an identifier PostgreSQL keeps whole (63 bytes) and a store key can hold. */
    private static final java.util.regex.Pattern TABLE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,63}\\.[A-Za-z0-9_-]{1,63}");

    @Override
    public Optional<String> tableNameProblem(String name) {
        return TABLE_NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("a PostgreSQL table is named schema.table, each part 1 to 63 characters of A-Z, a-z, 0-9,"
                        + " '_' and '-'");
    }

    @Override
    public SourceEngine source(String name, RehearsalProperties.Source s) {
        PostgresConnector connector = new PostgresConnector(s.jdbcUrl(), s.username(), s.password());
        PostgresTableSource source = new PostgresTableSource(name, connector);
        return new SourceEngine() {
            @Override
            public TableSource source() {
                return source;
            }

            @Override
            public List<String> listTables() {
                return source.listTables();
            }

            @Override
            public TableSink recoverySink(SandboxGuard noDrops) {
                throw new UnsupportedOperationException("restoring into a new table of PostgreSQL source '" + name
                        + "' is not supported yet; restore into the sandbox instead");
            }

            /** Superuser, ownership and INSERT, UPDATE, DELETE or TRUNCATE, as the server reports them for the role. */
            @Override
            public List<String> writeAccessWarnings(List<String> coveredTables) {
                try {
                    return PostgresWriteAccess.warnings(name, connector, coveredTables);
                } catch (SQLException e) {
                    throw new SourceException("source '" + name + "' (postgres at " + connector.endpoint() + "): "
                            + PostgresTableSource.reason(e), e);
                }
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    @Override
    public Optional<SandboxEngine> sandbox(RehearsalProperties.Sandbox s, Set<String> protectedTables, SandboxLedger ledger) {
        RehearsalProperties.PostgresSandbox p = s.postgres();
        if (p == null) {
            return Optional.empty();
        }
        SandboxGuard guard = PostgresTableSink.guard(p.prefix(), protectedTables, ledger);
        PostgresConnector connector = new PostgresConnector(p.jdbcUrl(), p.username(), p.password());
        return Optional.of(new SandboxEngine(new PostgresTableSink(connector,
                PostgresTableSource.info("sandbox", connector), guard, p.loadConnections()), guard));
    }
}
