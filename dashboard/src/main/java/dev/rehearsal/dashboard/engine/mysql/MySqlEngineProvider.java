package dev.rehearsal.dashboard.engine.mysql;

import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.mysql.MySqlConnector;
import dev.rehearsal.core.source.mysql.MySqlReaders;
import dev.rehearsal.core.source.mysql.MySqlTableSource;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.port.EngineProvider;
import dev.rehearsal.drill.mysql.MySqlTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
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
 * MySQL and MariaDB sources ({@code kind: mysql}, tables named {@code database.table}) and the MySQL
 * sandbox of {@code rehearsal.sandbox.mysql}, where each drill restores into a database of its own.
 * A restore into a new table goes into an existing database of the source's own server.
 */
public final class MySqlEngineProvider implements EngineProvider {

    /** Database and table, each an identifier MySQL keeps whole (64 characters) and a store key can hold. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{1,64}");
    /** A sandbox database is the prefix and a drill's own suffix: the prefix leaves room for it in 64 characters. */
    private static final Pattern DATABASE_PREFIX = Pattern.compile("[a-z0-9_]{4,40}");
    private static final Map<String, MySqlReaders.Lock> LOCKS = Map.of("required", MySqlReaders.Lock.REQUIRED,
            "or-single-reader", MySqlReaders.Lock.OR_SINGLE_READER, "never", MySqlReaders.Lock.NEVER);
    /** Connections of a restore into a new table, as many as the sandbox's default: the source is serving too. */
    private static final int RECOVERY_LOAD_CONNECTIONS = 4;
    private static final Logger log = LoggerFactory.getLogger(MySqlEngineProvider.class);

    @Override
    public String kind() {
        return "mysql";
    }

    @Override
    public List<String> sourceProblems(ConfigSection section) {
        String key = section.key();
        MySqlSourceConfig s = section.bind(MySqlSourceConfig.class);
        List<String> problems = new ArrayList<>();
        jdbcUrl(problems, key, s.jdbcUrl());
        if (s.username() == null || s.username().isBlank()) {
            problems.add(key + ".username: must be set for kind mysql, the user backups read as");
        }
        if (section.child("recovery-credentials").isPresent()) {
            problems.add(key + ".recovery-credentials: not used by kind mysql; a restore into a new table connects"
                    + " as " + key + ".recovery-username with " + key + ".recovery-password");
        }
        if (s.recoveryUsername() != null && s.recoveryUsername().isBlank()) {
            problems.add(key + ".recovery-username: must not be blank; leave it out to restore as " + key + ".username");
        }
        if (s.recoveryPassword() != null && s.recoveryUsername() == null) {
            problems.add(key + ".recovery-password: set without " + key + ".recovery-username, whose password it is");
        }
        if (s.readers() < 1) {
            problems.add(key + ".readers: must be at least 1, was " + s.readers());
        }
        if (!LOCKS.containsKey(s.globalReadLock())) {
            problems.add(key + ".global-read-lock: '" + s.globalReadLock() + "' is not one of required,"
                    + " or-single-reader, never");
        }
        return problems;
    }

    @Override
    public List<String> sandboxProblems(ConfigSection sandbox, boolean drilled, Map<String, List<String>> sourceTables) {
        ConfigSection section = sandbox.child("mysql");
        if (!section.isPresent()) {
            return drilled ? List.of(section.key() + ": must be set when a policy drills tables of a mysql source")
                    : List.of();
        }
        MySqlSandboxConfig m = section.bind(MySqlSandboxConfig.class);
        List<String> problems = new ArrayList<>();
        jdbcUrl(problems, section.key(), m.jdbcUrl());
        if (!DATABASE_PREFIX.matcher(m.prefix()).matches()) {
            problems.add(section.key() + ".prefix: '" + m.prefix() + "' is not valid; use 4-40 characters of a-z, 0-9"
                    + " and '_'");
        } else {
            // Sandbox databases are the prefix's: a source database named so would look like one of them.
            sourceTables.forEach((source, tables) -> tables.stream()
                    .filter(t -> t.indexOf('.') > 0 && t.substring(0, t.indexOf('.')).startsWith(m.prefix()))
                    .findFirst()
                    .ifPresent(t -> problems.add(section.key() + ".prefix: '" + m.prefix() + "' matches the database of"
                            + " table '" + t + "' of source '" + source + "'; choose a prefix that no source database"
                            + " starts with")));
        }
        if (m.loadConnections() < 1) {
            problems.add(section.key() + ".load-connections: must be at least 1");
        }
        return problems;
    }

    /** A MySQL JDBC URL under {@code key}: set, of MariaDB's or MySQL's scheme, and without a password in it. */
    private static void jdbcUrl(List<String> problems, String key, String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            problems.add(key + ".jdbc-url: must be set for kind mysql, for example jdbc:mariadb://db:3306/");
        } else if (!jdbcUrl.startsWith("jdbc:mariadb:") && !jdbcUrl.startsWith("jdbc:mysql:")) {
            problems.add(key + ".jdbc-url: '" + jdbcUrl + "' is not a MySQL or MariaDB JDBC URL"
                    + " (jdbc:mariadb://host:port/ or jdbc:mysql://host:port/)");
        } else if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
            problems.add(key + ".jdbc-url: must not carry a password; use " + key + ".password");
        }
    }

    @Override
    public Optional<String> tableNameProblem(String name) {
        return TABLE_NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("a MySQL table is named database.table, each part 1 to 64 characters of A-Z, a-z, 0-9,"
                        + " '_' and '-'");
    }

    /**
     * The source reads for backups as {@code username}. A restore into a new table of its server
     * connects as {@code recovery-username} when that is set, so that the backup user can stay
     * read-only; without it, the restore connects as {@code username}, which then needs to create
     * tables, as the start-up log says.
     */
    @Override
    public SourceEngine source(String name, ConfigSection config) {
        MySqlSourceConfig s = config.bind(MySqlSourceConfig.class);
        MySqlConnector connector = new MySqlConnector(s.jdbcUrl(), s.username(), s.password());
        MySqlReaders readers = MySqlReaders.DEFAULT.withMax(s.readers()).withLock(LOCKS.get(s.globalReadLock()));
        MySqlTableSource source = new MySqlTableSource(name, connector, readers);
        MySqlConnector recoveryConnector = s.recoveryUsername() == null ? connector
                : new MySqlConnector(s.jdbcUrl(), s.recoveryUsername(), s.recoveryPassword());
        if (s.recoveryUsername() == null) {
            log.warn("Source '{}': restores into a new table connect as the backup user, which then needs CREATE on"
                    + " the target databases; set {}.recovery-username (docs/SECURITY.md)", name, config.key());
        }
        return new SourceEngine() {
            private MySqlTableSink recoverySink;

            @Override
            public TableSource source() {
                return source;
            }

            @Override
            public List<String> listTables() {
                return source.listTables();
            }

            /** Restores into new tables {@code database.table} of existing databases of the source's server. */
            @Override
            public synchronized TableSink recoverySink(SandboxGuard noDrops) {
                if (recoverySink == null) {
                    recoverySink = MySqlTableSink.recovery(recoveryConnector, source.info(), noDrops,
                            RECOVERY_LOAD_CONNECTIONS);
                }
                return recoverySink;
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
        ConfigSection section = config.child("mysql");
        if (!section.isPresent()) {
            return Optional.empty();
        }
        MySqlSandboxConfig m = section.bind(MySqlSandboxConfig.class);
        SandboxGuard guard = MySqlTableSink.guard(m.prefix(), protectedTables, ledger);
        MySqlConnector connector = new MySqlConnector(m.jdbcUrl(), m.username(), m.password());
        return Optional.of(new SandboxEngine(new MySqlTableSink(connector, MySqlTableSource.info("sandbox", connector),
                guard, m.loadConnections()), guard));
    }
}
