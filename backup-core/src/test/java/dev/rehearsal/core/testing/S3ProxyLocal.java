package dev.rehearsal.core.testing;

import dev.rehearsal.core.store.s3.S3BackupStore;
import dev.rehearsal.core.store.s3.S3ClientFactory;
import dev.rehearsal.core.store.s3.S3StoreConfig;
import dev.rehearsal.core.store.s3.ServerSideEncryption;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy with an in-memory blob store on a free loopback port, checking SigV4 signatures against
 * credentials made up for this run. Started once per JVM and stopped at exit; each test takes a
 * fresh bucket from {@link #createBucket()}.
 *
 * <p>S3Proxy's own JUnit extension is not used: it restarts the server around every test and
 * cannot be shared across classes or modules.
 */
public final class S3ProxyLocal implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3ProxyLocal shared;

    private final S3Proxy proxy;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final S3Client client;

    private S3ProxyLocal(S3Proxy proxy, URI endpoint, AwsCredentialsProvider credentials) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.client = S3ClientFactory.create(config("any-bucket", ""));
    }

    /** The server for this JVM, started on first use. */
    public static synchronized S3ProxyLocal shared() {
        if (shared == null) {
            shared = start();
            S3ProxyLocal s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "s3proxy-stop"));
        }
        return shared;
    }

    public static S3ProxyLocal start() {
        SecureRandom random = new SecureRandom();
        String accessKey = "rehearsal" + HexFormat.of().formatHex(random.generateSeed(4));
        String secretKey = HexFormat.of().formatHex(random.generateSeed(16));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!"STARTED".equals(proxy.getState())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("S3Proxy is still " + proxy.getState() + " after " + START_TIMEOUT);
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start: " + e, e);
        }
        return new S3ProxyLocal(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    }

    public URI endpoint() {
        return endpoint;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** A client built the way production builds one, shared by every store from this server; do not close it. */
    public S3Client client() {
        return client;
    }

    /**
     * A client of its own, configured like {@link #client()} plus {@code interceptors}, which can record
     * or alter requests before they are signed and sent; the caller closes it.
     */
    public S3Client newClient(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .region(REGION)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    /** A new empty bucket with a name no other test uses. */
    public String createBucket() {
        String bucket = "rehearsal-test-" + BUCKETS.incrementAndGet();
        client.createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    /** Settings for a store in {@code bucket} on this server: path-style, no encryption, 5 MiB parts. */
    public S3StoreConfig config(String bucket, String prefix) {
        return new S3StoreConfig(bucket, prefix, REGION, endpoint, true, credentials, ServerSideEncryption.NONE,
                S3StoreConfig.MIN_PART_SIZE);
    }

    public S3BackupStore store(S3StoreConfig config) {
        return new S3BackupStore(client, config);
    }

    /** A store under {@code prefix} in a new bucket. */
    public S3BackupStore newStore(String prefix) {
        return store(config(createBucket(), prefix));
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // Shutting down.
        }
    }
}
