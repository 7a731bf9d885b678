package dev.rehearsal.core.source.dynamodb;

import java.io.IOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/**
 * Which DynamoDB failures are worth another try: throttling, 5xx, an attempt that timed out, and
 * lost connections. The one rule for every DynamoDB caller, the source here and the sink of
 * restore-drill alike; the SDK's own retries are off (see {@link DynamoDbTableSource#client}).
 */
public final class DynamoDbErrors {

    private DynamoDbErrors() {
    }

    /** Whether the same request may succeed if sent again after a pause. */
    public static boolean isTransient(Throwable e) {
        if (isThrottle(e)) {
            return true;
        }
        if (e instanceof SdkServiceException s) {
            return s.statusCode() >= 500;
        }
        if (e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether DynamoDB refused for want of capacity; a subset of {@link #isTransient}. A writer that
     * slows down as a whole on throttles (the sink's {@code Slowdown}) tells them apart from the rest.
     */
    public static boolean isThrottle(Throwable e) {
        return e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException
                || (e instanceof SdkServiceException s && s.isThrottlingException());
    }

    /** The innermost message worth showing a person, on one line. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && (message == null || !message.contains(root.getMessage()))) {
            message = (message == null ? "" : message + ": ") + root.getMessage();
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
