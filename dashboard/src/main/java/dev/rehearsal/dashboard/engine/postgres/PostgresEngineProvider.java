package dev.rehearsal.dashboard.engine.postgres;

import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.port.EngineProvider;
import dev.rehearsal.drill.postgres.PostgresTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL sources ({@code kind: postgres}, tables named {@code schema.table}) and the PostgreSQL
 * sandbox of {@code rehearsal.sandbox.postgres}, where each drill restores into a schema of its own.
 * A restore into a new table goes into an existing schema of the source's own database.
 */
public final class PostgresEngineProvider implements EngineProvider {

    /** Schema and table, each an identifier PostgreSQL keeps whole (63 bytes) and a store key can hold. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}\\.[A-Za-z0-9_-]{1,63}");
    private static final Pattern SCHEMA_PREFIX = Pattern.compile("[a-z0-9_]{4,40}");
    /** COPY streams of a restore into a new table, as many as the sandbox's default: the source is serving too. */
    private static final int RECOVERY_LOAD_CONNECTIONS = 4;
    private static final Logger log = LoggerFactory.getLogger(PostgresEngineProvider.class);

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public boolean answersSql() {
        return true;
    }

    @Override
    public List<String> sourceProblems(ConfigSection section) {
        String key = section.key();
        PostgresSourceConfig s = section.bind(PostgresSourceConfig.class);
        List<String> problems = new ArrayList<>();
        jdbcUrl(problems, key, s.jdbcUrl());
        if (section.child("recovery-credentials").isPresent()) {
            problems.add(key + ".recovery-credentials: not used by kind postgres; a restore into a new table connects"
                    + " as " + key + ".recovery-username with " + key + ".recovery-password");
        }
        if (s.recoveryUsername() != null && s.recoveryUsername().isBlank()) {
            problems.add(key + ".recovery-username: must not be blank; leave it out to restore as " + key + ".username");
        }
        if (s.recoveryPassword() != null && s.recoveryUsername() == null) {
            problems.add(key + ".recovery-password: set without " + key + ".recovery-username, whose password it is");
        }
        return problems;
    }

    @Override
    public List<String> sandboxProblems(ConfigSection sandbox, boolean drilled, Map<String, List<String>> sourceTables) {
        ConfigSection section = sandbox.child("postgres");
        if (!section.isPresent()) {
            return drilled ? List.of(section.key() + ": must be set when a policy drills tables of a postgres source")
                    : List.of();
        }
        PostgresSandboxConfig p = section.bind(PostgresSandboxConfig.class);
        List<String> problems = new ArrayList<>();
        jdbcUrl(problems, section.key(), p.jdbcUrl());
        if (!SCHEMA_PREFIX.matcher(p.prefix()).matches()) {
            problems.add(section.key() + ".prefix: '" + p.prefix() + "' is not valid; use 4-40 characters of a-z, 0-9"
                    + " and '_'");
        }
        if (p.loadConnections() < 1) {
            problems.add(section.key() + ".load-connections: must be at least 1");
        }
        return problems;
    }

    /** A PostgreSQL JDBC URL under {@code key}: set, of the PostgreSQL driver, and without a password in it. */
    private static void jdbcUrl(List<String> problems, String key, String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            problems.add(key + ".jdbc-url: must be set for kind postgres, for example jdbc:postgresql://db:5432/shop");
        } else if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.add(key + ".jdbc-url: '" + jdbcUrl + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        } else if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
            problems.add(key + ".jdbc-url: must not carry a password; use " + key + ".password");
        }
    }

    @Override
    public Optional<String> tableNameProblem(String name) {
        return TABLE_NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("a PostgreSQL table is named schema.table, each part 1 to 63 characters of A-Z, a-z, 0-9,"
                        + " '_' and '-'");
    }

    /**
     * The source reads for backups as {@code username}. A restore into a new table of its database
     * connects as {@code recovery-username} when that is set, so that the backup role can stay
     * read-only; without it, the restore connects as {@code username}, which then needs to create
     * tables, as the start-up log says.
     */
    @Override
    public SourceEngine source(String name, ConfigSection config) {
        PostgresSourceConfig s = config.bind(PostgresSourceConfig.class);
        PostgresConnector connector = new PostgresConnector(s.jdbcUrl(), s.username(), s.password());
        PostgresTableSource source = new PostgresTableSource(name, connector);
        PostgresConnector recoveryConnector = s.recoveryUsername() == null ? connector
                : new PostgresConnector(s.jdbcUrl(), s.recoveryUsername(), s.recoveryPassword());
        if (s.recoveryUsername() == null) {
            log.warn("Source '{}': restores into a new table connect as the backup role, which then needs CREATE on"
                    + " the target schemas; set {}.recovery-username (docs/SECURITY.md)", name, config.key());
        }
        return new SourceEngine() {
            private PostgresTableSink recoverySink;

            @Override
            public TableSource source() {
                return source;
            }

            @Override
            public List<String> listTables() {
                return source.listTables();
            }

            /** Restores into new tables {@code schema.table} of existing schemas of the source's database. */
            @Override
            public synchronized TableSink recoverySink(SandboxGuard noDrops) {
                if (recoverySink == null) {
                    recoverySink = PostgresTableSink.recovery(recoveryConnector, source.info(), noDrops,
                            RECOVERY_LOAD_CONNECTIONS);
                }
                return recoverySink;
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
            public synchronized void close() {
                source.close();
                if (recoverySink != null) {
                    recoverySink.close();
                }
            }
        };
    }

    @Override
    public Optional<SandboxEngine> sandbox(ConfigSection config, Set<String> protectedTables, SandboxLedger ledger) {
        ConfigSection section = config.child("postgres");
        if (!section.isPresent()) {
            return Optional.empty();
        }
        PostgresSandboxConfig p = section.bind(PostgresSandboxConfig.class);
        SandboxGuard guard = PostgresTableSink.guard(p.prefix(), protectedTables, ledger);
        PostgresConnector connector = new PostgresConnector(p.jdbcUrl(), p.username(), p.password());
        return Optional.of(new SandboxEngine(new PostgresTableSink(connector,
                PostgresTableSource.info("sandbox", connector), guard, p.loadConnections()), guard));
    }
}
