package dev.rehearsal.core.testing;

import dev.rehearsal.core.io.Backoff;
import dev.rehearsal.core.source.dynamodb.DynamoDbTableSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, in memory, on a free loopback port, started once per JVM and stopped at exit.
 * It honours Segment/TotalSegments, so parallel scans are real. Its telemetry is off, so that tests
 * send nothing beyond loopback.
 */
public final class DynamoDbLocal {

    public static final Region REGION = Region.US_EAST_1;
    /** DynamoDB Local accepts any key made of letters and digits. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("rehearsal", "local"));

    private static DynamoDbLocal shared;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** The server for this JVM, started on first use. */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null) {
            shared = start();
            DynamoDbLocal s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stopQuietly, "dynamodb-local-stop"));
        }
        return shared;
    }

    public static DynamoDbLocal start() {
        ensureNativeLibraryPath();
        int port = freePort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            return new DynamoDbLocal(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client with Rehearsal's settings (no SDK retries); the caller closes it. */
    public DynamoDbClient client() {
        return DynamoDbTableSource.client(endpoint, REGION, CREDENTIALS);
    }

    /** A source named {@code name} that owns its own client. */
    public DynamoDbTableSource source(String name) {
        return DynamoDbTableSource.connect(name, endpoint, REGION, CREDENTIALS, Backoff.DEFAULT);
    }

    public void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Shutting down.
        }
    }

    /** sqlite4java loads a native library; the build copies it to target/native-libs. */
    private static void ensureNativeLibraryPath() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        for (Path candidate : new Path[] {Path.of("target/native-libs"), Path.of("../backup-core/target/native-libs")}) {
            if (Files.isDirectory(candidate)) {
                System.setProperty("sqlite4java.library.path", candidate.toAbsolutePath().toString());
                return;
            }
        }
        throw new IllegalStateException("sqlite4java's native library was not found: set -Dsqlite4java.library.path,"
                + " or build with Maven, which copies it to target/native-libs");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
