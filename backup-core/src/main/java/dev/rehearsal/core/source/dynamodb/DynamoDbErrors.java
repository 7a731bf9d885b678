package dev.rehearsal.core.source.dynamodb;

import java.io.IOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/** Which DynamoDB failures are worth another try: throttling, 5xx, and lost connections. */
final class DynamoDbErrors {

    private DynamoDbErrors() {
    }

    static boolean isTransient(Throwable e) {
        if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
            return true;
        }
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500;
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
