package dev.rehearsal.dashboard.engine.dynamodb;

import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.dashboard.config.RehearsalProperties.Credentials;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.port.EngineProvider;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB sources ({@code kind: dynamodb}, the default kind) and the DynamoDB sandbox at the top
 * level of {@code rehearsal.sandbox}.
 */
public final class DynamoDbEngineProvider implements EngineProvider {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbEngineProvider.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{4,64}");

    @Override
    public String kind() {
        return "dynamodb";
    }

    /** DynamoDB was the only engine before sources had a kind: a source without one is DynamoDB. */
    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public List<String> sourceProblems(ConfigSection section) {
        String key = section.key();
        DynamoDbSourceConfig s = section.bind(DynamoDbSourceConfig.class);
        List<String> problems = new ArrayList<>();
        if (s.region().isBlank()) {
            problems.add(key + ".region: must be set");
        }
        if (s.endpoint() != null && s.endpoint().getUserInfo() != null) {
            problems.add(key + ".endpoint: must not carry credentials; use " + key + ".credentials");
        }
        problems.addAll(Credentials.problems(key + ".credentials", s.credentials()));
        problems.addAll(Credentials.problems(key + ".recovery-credentials", s.recoveryCredentials()));
        return problems;
    }

    @Override
    public List<String> sandboxProblems(ConfigSection section, boolean drilled, Map<String, List<String>> sourceTables) {
        String key = section.key();
        DynamoDbSandboxConfig s = section.bind(DynamoDbSandboxConfig.class);
        if (!PREFIX.matcher(s.prefix()).matches()) {
            return List.of(key + ".prefix: '" + s.prefix() + "' is not valid; use 4-64 characters of"
                    + " A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        List<String> problems = new ArrayList<>();
        // The guard protects every source's tables, of whatever engine, so the prefix must miss them all.
        sourceTables.forEach((source, tables) -> tables.stream().filter(t -> t.startsWith(s.prefix())).findFirst()
                .ifPresent(t -> problems.add(key + ".prefix: '" + s.prefix() + "' matches table '" + t
                        + "' of source '" + source + "'; choose a prefix that no source table starts with")));
        problems.addAll(Credentials.problems(key + ".credentials", s.credentials()));
        return problems;
    }

    @Override
    public Optional<String> tableNameProblem(String name) {
        return TABLE_NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("a DynamoDB table name has 3 to 255 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    }

    /**
     * The source's client reads for backups. An admin's restore into a new table writes through a
     * client of its own when {@code recovery-credentials} is set, so that the backup reader can stay
     * read-only; without it, the restore writes with the backup credentials, as it always did.
     */
    @Override
    public SourceEngine source(String name, ConfigSection config) {
        DynamoDbSourceConfig s = config.bind(DynamoDbSourceConfig.class);
        Region region = Region.of(s.region());
        DynamoDbClient client = DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.credentials()));
        DynamoDbTableSource source = new DynamoDbTableSource(client, DynamoDbTableSource.info(name, s.endpoint(), region),
                Backoff.DEFAULT);
        DynamoDbClient recoveryClient = s.recoveryCredentials() == null ? client
                : DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.recoveryCredentials()));
        if (s.recoveryCredentials() == null) {
            log.warn("Source '{}': admin restores into a new table use the backup credentials, which then need write"
                    + " rights on the source; set {}.recovery-credentials (docs/SECURITY.md)", name, config.key());
        }
        return new SourceEngine() {
            @Override
            public TableSource source() {
                return source;
            }

            @Override
            public List<String> listTables() {
                List<String> names = new ArrayList<>();
                client.listTablesPaginator().tableNames().forEach(names::add);
                return names;
            }

            @Override
            public TableSink recoverySink(SandboxGuard noDrops) {
                return new DynamoDbTableSink(recoveryClient, source.info(), noDrops, Backoff.DEFAULT);
            }

            @Override
            public void close() {
                source.close();
                client.close();
                if (recoveryClient != client) {
                    recoveryClient.close();
                }
            }
        };
    }

    @Override
    public Optional<SandboxEngine> sandbox(ConfigSection config, Set<String> protectedTables, SandboxLedger ledger) {
        DynamoDbSandboxConfig s = config.bind(DynamoDbSandboxConfig.class);
        SandboxGuard guard = new SandboxGuard(s.prefix(), protectedTables, ledger);
        Region region = Region.of(s.region());
        return Optional.of(new SandboxEngine(new DynamoDbTableSink(
                DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.credentials())),
                DynamoDbTableSource.info("sandbox", s.endpoint(), region), guard, Backoff.DEFAULT), guard));
    }
}
