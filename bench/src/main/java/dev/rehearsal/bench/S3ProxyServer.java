package dev.rehearsal.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * S3Proxy in a JVM of its own, keeping objects in files under {@code --dir}, checking SigV4
 * signatures. The tests' fixture keeps objects in memory in the tests' JVM; here that memory would
 * count against the measured JVM's 128 MiB heap and its CPU against the backup, so the benchmark
 * runs the server apart, as DynamoDB Local is.
 */
public final class S3ProxyServer {

    /** Made up for the benchmark; S3Proxy only checks that requests are signed with them. */
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("rehearsal", "local-s3-secret"));

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("port", "dir"));
        int port = flags.integer("port", 0);
        Path dir = Path.of(flags.required("dir")).toAbsolutePath();
        Files.createDirectories(dir);
        var credentials = CREDENTIALS.resolveCredentials();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, credentials.accessKeyId(), credentials.secretAccessKey())
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy failed to start on port " + port);
            }
            Thread.sleep(10);
        }
        System.out.println("S3Proxy listening on http://127.0.0.1:" + proxy.getPort() + ", objects under " + dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // Exiting anyway.
            }
        }, "s3proxy-stop"));
        Thread.currentThread().join();
    }
}
