package dev.rehearsal.core.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A real DynamoDB client with faults injected into Scan: each call is numbered from 1 and passed to
 * {@code fault}, which returns an exception to throw instead of calling the server, or null to
 * let the call through. Everything else goes straight to the real client.
 */
public final class FaultInjectingDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Function<Integer, RuntimeException> fault;
    private final AtomicInteger scans = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    public FaultInjectingDynamoDbClient(DynamoDbClient delegate, Function<Integer, RuntimeException> fault) {
        this.delegate = delegate;
        this.fault = fault;
    }

    /** Scan calls made so far, injected faults included. */
    public int scanCalls() {
        return scans.get();
    }

    public int faultsInjected() {
        return injected.get();
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        RuntimeException e = fault.apply(scans.incrementAndGet());
        if (e != null) {
            injected.incrementAndGet();
            throw e;
        }
        return delegate.scan(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return delegate.describeTable(request);
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest request) {
        return delegate.describeTimeToLive(request);
    }

    @Override
    public ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest request) {
        return delegate.listTagsOfResource(request);
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
