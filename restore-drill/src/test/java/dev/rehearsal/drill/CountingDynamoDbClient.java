package dev.rehearsal.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * A real DynamoDB client that records every call it passes on, as {@code operation table}, so a
 * test can say which calls were made and, above all, which tables any writing call named. An
 * optional fault sees each call first and may return an exception to throw instead (the call is
 * still recorded, as attempted). Calls a sink is not expected to make are left to the interface's
 * defaults, which throw.
 */
public final class CountingDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Function<String, RuntimeException> fault;
    private final List<String> calls = new ArrayList<>();
    private final List<String> writes = new ArrayList<>();

    public CountingDynamoDbClient(DynamoDbClient delegate) {
        this(delegate, call -> null);
    }

    /** @param fault given {@code operation table}, returns an exception to throw instead of the call, or null */
    public CountingDynamoDbClient(DynamoDbClient delegate, Function<String, RuntimeException> fault) {
        this.delegate = delegate;
        this.fault = fault;
    }

    /** Every call so far, in order, as {@code operation table} (or just the operation). */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls that change a table or its items. */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** Tables named by writing calls (ARNs count by the table name at their end). */
    public synchronized List<String> tablesWritten() {
        return writes.stream().map(w -> w.substring(w.indexOf(' ') + 1)).distinct().toList();
    }

    private <T> T read(String operation, String table, Supplier<T> call) {
        String what = table == null ? operation : operation + " " + table;
        synchronized (this) {
            calls.add(what);
        }
        return pass(what, call);
    }

    private <T> T write(String operation, String table, Supplier<T> call) {
        String what = operation + " " + table;
        synchronized (this) {
            calls.add(what);
            writes.add(what);
        }
        return pass(what, call);
    }

    private <T> T pass(String what, Supplier<T> call) {
        RuntimeException e = fault.apply(what);
        if (e != null) {
            throw e;
        }
        return call.get();
    }

    private static String fromArn(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest r) {
        return read("DescribeTable", r.tableName(), () -> delegate.describeTable(r));
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest r) {
        return read("DescribeTimeToLive", r.tableName(), () -> delegate.describeTimeToLive(r));
    }

    @Override
    public ListTablesResponse listTables(ListTablesRequest r) {
        return read("ListTables", null, () -> delegate.listTables(r));
    }

    @Override
    public ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest r) {
        return read("ListTagsOfResource", fromArn(r.resourceArn()), () -> delegate.listTagsOfResource(r));
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        return read("GetItem", r.tableName(), () -> delegate.getItem(r));
    }

    @Override
    public ScanResponse scan(ScanRequest r) {
        return read("Scan", r.tableName(), () -> delegate.scan(r));
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest r) {
        return write("CreateTable", r.tableName(), () -> delegate.createTable(r));
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest r) {
        return write("DeleteTable", r.tableName(), () -> delegate.deleteTable(r));
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
        return write("BatchWriteItem", String.join(",", r.requestItems().keySet()), () -> delegate.batchWriteItem(r));
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        return write("PutItem", r.tableName(), () -> delegate.putItem(r));
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        return write("UpdateItem", r.tableName(), () -> delegate.updateItem(r));
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        return write("DeleteItem", r.tableName(), () -> delegate.deleteItem(r));
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest r) {
        return write("UpdateTable", r.tableName(), () -> delegate.updateTable(r));
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest r) {
        return write("UpdateTimeToLive", r.tableName(), () -> delegate.updateTimeToLive(r));
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest r) {
        return write("TagResource", fromArn(r.resourceArn()), () -> delegate.tagResource(r));
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest r) {
        return write("UntagResource", fromArn(r.resourceArn()), () -> delegate.untagResource(r));
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
