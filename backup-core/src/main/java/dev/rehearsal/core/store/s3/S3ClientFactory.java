package dev.rehearsal.core.store.s3;

import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client an {@link S3BackupStore} talks through. The caller owns the client and
 * closes it; several stores on the same account may share one.
 *
 * <p>The SDK's own retries stay on (S3 throttles with 503 SlowDown, and every request we send can
 * be replayed because its body is an in-memory part). Its default flexible checksums stay on too: a
 * CRC32 in an aws-chunked trailer on uploads, on top of our Content-MD5. S3Proxy 4.1 accepts
 * both; an S3-compatible store that rejects aws-chunked trailers would need
 * {@code RequestChecksumCalculation.WHEN_REQUIRED} here.
 */
public final class S3ClientFactory {

    /** Time to open a TCP connection; a store that needs longer is unreachable for our purposes. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest silence on an open connection; guards against a stalled upload or download without capping its length. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Wait for a pooled connection when many segments upload at once. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_CONNECTIONS = 64;

    private S3ClientFactory() {
    }

    public static S3Client create(S3StoreConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(config.region())
                .credentialsProvider(config.credentialsProvider())
                .forcePathStyle(config.pathStyleAccess())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT)
                        .maxConnections(MAX_CONNECTIONS));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }
}
