package dev.rehearsal.core.source.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rehearsal.core.testing.DynamoDbLocal;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/**
 * The one rule for which DynamoDB failures are retried, which the source and the restore sink both
 * use: each case is a failure as the SDK reports it, and whether it is transient and a throttle.
 */
class DynamoDbErrorsTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                failure("provisioned throughput exceeded", ProvisionedThroughputExceededException.builder()
                        .statusCode(400).message("slow down").build(), true, true),
                failure("request limit exceeded", RequestLimitExceededException.builder().statusCode(400).build(), true, true),
                failure("ThrottlingException by its error code", service(400, "ThrottlingException"), true, true),
                failure("a 500", service(500, "InternalServerError"), true, false),
                failure("a 503", service(503, "ServiceUnavailable"), true, false),
                failure("an attempt that timed out", ApiCallAttemptTimeoutException.create(60_000), true, false),
                failure("a lost connection", SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new IOException("Connection reset")).build(), true, false),
                failure("a validation error", service(400, "ValidationException"), false, false),
                failure("a client error without an I/O cause", SdkClientException.create("no region"), false, false),
                failure("not an SDK failure", new IllegalStateException("bug"), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureIsClassifiedOnce(String name, Throwable failure, boolean isTransient, boolean isThrottle) {
        assertThat(DynamoDbErrors.isTransient(failure)).as("transient").isEqualTo(isTransient);
        assertThat(DynamoDbErrors.isThrottle(failure)).as("throttle").isEqualTo(isThrottle);
    }

    @Test
    void aMissingTableAsDynamoDbLocalReportsItIsNotRetried() {
        try (DynamoDbClient c = DynamoDbLocal.shared().client()) {
            Throwable missing = catchThrowable(() -> c.describeTable(r -> r.tableName("no-such-table-errors-test")));

            assertThat(missing).isInstanceOf(DynamoDbException.class);
            assertThat(DynamoDbErrors.isTransient(missing)).isFalse();
        }
    }

    private static DynamoDbException service(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    private static Arguments failure(String name, Throwable failure, boolean isTransient, boolean isThrottle) {
        return Arguments.of(name, failure, isTransient, isThrottle);
    }
}
