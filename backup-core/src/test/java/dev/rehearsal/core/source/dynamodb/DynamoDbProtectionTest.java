package dev.rehearsal.core.source.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.TableProtection;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The protection the coverage audit reports, read from DynamoDB Local as it is set. */
class DynamoDbProtectionTest {

    private static final DynamoDbLocal local = DynamoDbLocal.shared();

    @Test
    void deletionProtectionIsReadAsItIsSetAndPointInTimeRecoveryIsUnknownWhereTheEndpointCannotTell() {
        String bare = TestTables.uniqueName("bare");
        String guarded = TestTables.uniqueName("guarded");
        try (DynamoDbClient c = local.client(); DynamoDbTableSource source = local.source("local")) {
            TestTables.createSimple(c, bare);
            TestTables.createSimple(c, guarded);
            c.updateTable(r -> r.tableName(guarded).deletionProtectionEnabled(true));

            // DynamoDB Local answers DescribeContinuousBackups with "unknown operation": unknown, not false.
            assertThat(source.protection(bare)).isEqualTo(new TableProtection(false, null));
            assertThat(source.protection(guarded)).isEqualTo(new TableProtection(true, null));
        }
    }

    @Test
    void anUnknownTableIsNamedInTheError() {
        try (DynamoDbTableSource source = local.source("local")) {
            assertThatThrownBy(() -> source.protection("no-such-table-x1"))
                    .isInstanceOf(SourceException.class).hasMessageContaining("no-such-table-x1");
        }
    }
}
