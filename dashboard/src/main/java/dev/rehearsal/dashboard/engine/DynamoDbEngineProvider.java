package dev.rehearsal.dashboard.engine;

import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB sources ({@code kind: dynamodb}, the default) and the DynamoDB sandbox of {@code rehearsal.sandbox}. */
public final class DynamoDbEngineProvider implements EngineProvider {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbEngineProvider.class);

    @Override
    public boolean supports(String kind) {
        return "dynamodb".equals(kind);
    }

    private static final java.util.regex.Pattern TABLE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{3,255}");

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
    public SourceEngine source(String name, RehearsalProperties.Source s) {
        Region region = Region.of(s.region());
        DynamoDbClient client = DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.credentials()));
        DynamoDbTableSource source = new DynamoDbTableSource(client, DynamoDbTableSource.info(name, s.endpoint(), region),
                Backoff.DEFAULT);
        DynamoDbClient recoveryClient = s.recoveryCredentials() == null ? client
                : DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.recoveryCredentials()));
        if (s.recoveryCredentials() == null) {
            log.warn("Source '{}': admin restores into a new table use the backup credentials, which then need write"
                    + " rights on the source; set rehearsal.sources.{}.recovery-credentials (docs/SECURITY.md)", name, name);
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
    public Optional<SandboxEngine> sandbox(RehearsalProperties.Sandbox s, Set<String> protectedTables, SandboxLedger ledger) {
        SandboxGuard guard = new SandboxGuard(s.prefix(), protectedTables, ledger);
        Region region = Region.of(s.region());
        return Optional.of(new SandboxEngine(new DynamoDbTableSink(
                DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.credentials())),
                DynamoDbTableSource.info("sandbox", s.endpoint(), region), guard, Backoff.DEFAULT), guard));
    }
}
