package dev.rehearsal.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.InMemorySandboxLedger;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * What a failed restore into a new table leaves, on DynamoDB Local: the table it created is
 * deleted; a table it did not create is never touched; one it must keep, or cannot delete
 * (credentials without DeleteTable, injected around the real client), is marked partial and named.
 */
class LeftoverTest {

    static final DynamoDbLocal local = DynamoDbLocal.start();
    final SandboxLedger ledger = new InMemorySandboxLedger();
    final SandboxGuard noDrops = new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, Set.of(), ledger);

    @AfterAll
    static void stop() {
        local.stopQuietly();
    }

    @Test
    void theTableThisRestoreCreatedIsDeletedAndReleased() throws Exception {
        String table = createdByRestore("r-deleted-0001");
        try (DynamoDbTableSink sink = sink(local.client())) {
            Leftover left = Leftover.cleanUp(sink, table, "r-deleted-0001", false);
            assertThat(left.partialTable()).isNull();
            assertThat(left.words()).isEqualTo("table '" + table + "' that this restore created was deleted");
            assertThat(sink.exists(table)).isFalse();
        }
        assertThat(ledger.owner(table)).isEmpty();
    }

    @Test
    void aTableThisRestoreDidNotCreateIsNeitherDeletedNorMarked() throws Exception {
        String table = TestTables.uniqueName("existing");
        try (DynamoDbClient c = local.client()) {
            TestTables.createSimple(c, table);
            TestTables.fill(c, table, 10, 50);
        }
        String other = createdByRestore("r-other-00001");
        try (DynamoDbTableSink sink = sink(local.client())) {
            for (String t : new String[] {table, other}) {
                Leftover left = Leftover.cleanUp(sink, t, "r-mine-000001", false);
                assertThat(left.partialTable()).isNull();
                assertThat(left.words()).contains("is not one this restore created and was left untouched");
                assertThat(sink.exists(t)).as(t).isTrue();
                assertThat(sink.tags(t).orElse(java.util.Map.of())).as("not marked partial")
                        .doesNotContainKey(RestoredTables.PARTIAL_TAG);
            }
        }
        assertThat(ledger.owner(other)).contains("r-other-00001");
    }

    @Test
    void aTableThatCannotBeDeletedIsLeftMarkedPartialAndNamed() throws Exception {
        String table = createdByRestore("r-nodelete-01");
        DynamoDbClient refusing = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(DynamoDbLocal.REGION)
                .credentialsProvider(DynamoDbLocal.CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof DeleteTableRequest) {
                            throw DynamoDbException.builder().statusCode(400).message("not authorized to perform:"
                                    + " dynamodb:DeleteTable").awsErrorDetails(AwsErrorDetails.builder()
                                    .errorCode("AccessDeniedException").errorMessage("not authorized").build()).build();
                        }
                    }
                })).build();
        try (DynamoDbTableSink sink = sink(refusing)) {
            Leftover left = Leftover.cleanUp(sink, table, "r-nodelete-01", false);
            assertThat(left.partialTable()).isEqualTo(table);
            assertThat(left.words()).startsWith("partial table left: " + table).contains("could not be deleted");
            assertThat(sink.exists(table)).isTrue();
            // DynamoDB Local has no tags: the words must then say the table could not be marked, never that it was.
            if (sink.tags(table).isPresent()) {
                assertThat(left.words()).contains("tagged rehearsal:partial");
                assertThat(sink.tags(table).orElseThrow()).containsEntry(RestoredTables.PARTIAL_TAG, "r-nodelete-01");
            } else {
                assertThat(left.words()).contains("it could not be marked as partial");
            }
        }
        assertThat(ledger.owner(table)).as("still recorded as this restore's").contains("r-nodelete-01");
    }

    @Test
    void aTableTheRequestAskedToKeepIsLeftMarkedPartial() throws Exception {
        String table = createdByRestore("r-keep-000001");
        try (DynamoDbTableSink sink = sink(local.client())) {
            Leftover left = Leftover.cleanUp(sink, table, "r-keep-000001", true);
            assertThat(left.partialTable()).isEqualTo(table);
            assertThat(left.words()).contains("kept as the request asked");
            assertThat(sink.exists(table)).isTrue();
        }
    }

    @Test
    void noTableMeansNothingToCleanUp() throws Exception {
        try (DynamoDbTableSink sink = sink(local.client())) {
            Leftover left = Leftover.cleanUp(sink, TestTables.uniqueName("never"), "r-none-000001", false);
            assertThat(left).isEqualTo(new Leftover(null, "no table was created"));
        }
    }

    /** A table as a restore into a new table makes it: recorded in the ledger first, then created with its tag. */
    private String createdByRestore(String restoreId) {
        String table = TestTables.uniqueName("restored");
        ledger.record(table, restoreId);
        try (DynamoDbClient c = local.client()) {
            TestTables.createSimple(c, table);
            String arn = c.describeTable(d -> d.tableName(table)).table().tableArn();
            try {
                c.tagResource(t -> t.resourceArn(arn).tags(Tag.builder().key(RestoredTables.RESTORE_TAG).value(restoreId)
                        .build()));
            } catch (DynamoDbException tagsUnsupported) {
                // DynamoDB Local has no tagging; ownership rests on the ledger alone there, as in the daemon.
            }
        }
        return table;
    }

    private DynamoDbTableSink sink(DynamoDbClient client) {
        return new DynamoDbTableSink(client, DynamoDbTableSource.info("recovery", local.endpoint(), DynamoDbLocal.REGION),
                noDrops, Backoff.DEFAULT);
    }
}
