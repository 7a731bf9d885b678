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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB sources ({@code kind: dynamodb}, the default) and the DynamoDB sandbox of {@code rehearsal.sandbox}. */
public final class DynamoDbEngineProvider implements EngineProvider {

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

    @Override
    public SourceEngine source(String name, RehearsalProperties.Source s) {
        Region region = Region.of(s.region());
        DynamoDbClient client = DynamoDbTableSource.client(s.endpoint(), region, Engines.credentials(s.credentials()));
        DynamoDbTableSource source = new DynamoDbTableSource(client, DynamoDbTableSource.info(name, s.endpoint(), region),
                Backoff.DEFAULT);
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
                return new DynamoDbTableSink(client, source.info(), noDrops, Backoff.DEFAULT);
            }

            @Override
            public void close() {
                source.close();
                client.close();
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
