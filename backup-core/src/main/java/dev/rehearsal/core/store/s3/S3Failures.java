package dev.rehearsal.core.store.s3;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Turns SDK exceptions into one-line IOExceptions that name the store, the key and S3's reason. */
final class S3Failures {

    private S3Failures() {
    }

    /** {@code cannot <action> object '<key>' in store <store>: <reason>}. */
    static IOException onObject(String store, String action, String key, SdkException e) {
        return new IOException("cannot " + action + " object '" + key + "' in store " + store + ": " + reason(e), e);
    }

    /** {@code cannot <action> in store <store>: <reason>}, for calls that are about no single object. */
    static IOException onStore(String store, String action, SdkException e) {
        return new IOException("cannot " + action + " in store " + store + ": " + reason(e), e);
    }

    static boolean isNotFound(SdkException e) {
        return status(e) == 404;
    }

    static boolean isAccessDenied(SdkException e) {
        return status(e) == 403;
    }

    /** What a conditional write (If-None-Match: *) answers when the key already exists. */
    static boolean isPreconditionFailed(SdkException e) {
        return status(e) == 412;
    }

    /**
     * S3's own words with the HTTP status and error code, which HEAD responses carry alone (they have
     * no body); for client-side failures the innermost cause, such as "Connection refused".
     */
    static String reason(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            AwsErrorDetails details = s.awsErrorDetails();
            StringBuilder reason = new StringBuilder();
            if (details.errorMessage() != null && !details.errorMessage().isBlank()) {
                reason.append(details.errorMessage()).append(' ');
            }
            reason.append("(HTTP ").append(s.statusCode());
            if (details.errorCode() != null && !details.errorCode().isBlank()) {
                reason.append(' ').append(details.errorCode());
            }
            return oneLine(reason.append(')').toString());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return oneLine(message);
    }

    private static int status(SdkException e) {
        return e instanceof SdkServiceException s ? s.statusCode() : -1;
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
