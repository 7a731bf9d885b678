package dev.rehearsal.demo;

import dev.rehearsal.dashboard.RehearsalApplication;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts two in-memory DynamoDB Local servers on free loopback ports, one holding the sample tables
 * and one for sandboxes (as in production, where the sandbox is another endpoint or account), and a
 * PostgreSQL with a sample table and a sandbox database ({@link DemoPostgres}), and a MariaDB
 * database with a sample table on a server it can reach ({@link DemoMariaDb}); seeds them, then
 * starts the daemon with the {@code demo} profile pointed at them, plus {@code demo-postgres} when
 * there is a PostgreSQL and {@code demo-mariadb} when there is a MariaDB, and with the demo's web part ({@link DemoWeb}): the receiver of the demo
 * plan's status updates and its page.
 */
public final class DemoApplication {

    private static final Logger log = LoggerFactory.getLogger(DemoApplication.class);
    private static volatile String adminToken;

    private DemoApplication() {
    }

    public static void main(String[] args) throws Exception {
        start(args);
    }

    /** Starts the servers, seeds them and starts the daemon; returns the running application. */
    public static ConfigurableApplicationContext start(String... args) throws Exception {
        // DynamoDB Local logs through Log4j 2 and prints every expected refusal (no tagging, no such
        // table); the demo's own log says what matters.
        System.setProperty("org.apache.logging.log4j.level", "OFF");
        requireNativeLibrary();
        int sourcePort = freePort();
        int sandboxPort = freePort();
        DynamoDBProxyServer source = start(sourcePort);
        DynamoDBProxyServer sandbox = start(sandboxPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(source);
            stop(sandbox);
        }, "demo-dynamodb-stop"));
        String sourceEndpoint = "http://127.0.0.1:" + sourcePort;
        System.setProperty("rehearsal.demo.source-endpoint", sourceEndpoint);
        System.setProperty("rehearsal.demo.sandbox-endpoint", "http://127.0.0.1:" + sandboxPort);
        log.info("Demo: DynamoDB Local with the sample tables at {}, sandboxes at http://127.0.0.1:{}", sourceEndpoint,
                sandboxPort);
        SampleData.seed(sourceEndpoint);
        Optional<DemoPostgres> postgres = DemoPostgres.start(SampleData.scale());
        postgres.ifPresent(pg -> {
            System.setProperty("rehearsal.demo.postgres.source-url", pg.sourceUrl());
            System.setProperty("rehearsal.demo.postgres.sandbox-url", pg.sandboxUrl());
            System.setProperty("rehearsal.demo.postgres.username", pg.user());
            System.setProperty("rehearsal.demo.postgres.password", pg.password());
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "demo-postgres-stop"));
        });
        Optional<DemoMariaDb> mariaDb = DemoMariaDb.start(SampleData.scale());
        mariaDb.ifPresent(db -> {
            System.setProperty("rehearsal.demo.mariadb.url", db.url());
            System.setProperty("rehearsal.demo.mariadb.username", db.user());
            System.setProperty("rehearsal.demo.mariadb.password", db.password());
            System.setProperty("rehearsal.demo.mariadb.database", db.database());
            System.setProperty("rehearsal.demo.mariadb.sandbox-prefix", db.sandboxPrefix());
        });

        // No built-in token: a fresh admin token for this run only, of which only the hash is configured.
        adminToken = ApiTokens.generate();
        System.setProperty("rehearsal.security.tokens.demo-admin.sha256", ApiTokens.sha256(adminToken));
        System.setProperty("rehearsal.security.tokens.demo-admin.role", "admin");

        // The demo plan's status updates go to the demo's own webhook receiver, signed with a secret of this run.
        System.setProperty("rehearsal.demo.webhook-secret", ApiTokens.generate());

        SpringApplication app = new SpringApplication(RehearsalApplication.class, DemoWeb.class);
        List<String> profiles = new ArrayList<>(List.of("demo"));
        if (postgres.isPresent()) {
            profiles.add("demo-postgres");
            // The embedded server goes with the daemon, so that a second start in one JVM (the
            // tests) does not leave the first one running. Registered before any bean, it is
            // destroyed after all of them: the daemon's connections close while the server is up.
            app.addInitializers(context -> {
                if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry beans) {
                    beans.registerDisposableBean("demoPostgres", postgres.get()::close);
                }
            });
        }
        if (mariaDb.isPresent()) {
            profiles.add("demo-mariadb");
            // The server is shared: the demo's databases go with the daemon, after its connections.
            app.addInitializers(context -> {
                if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry beans) {
                    beans.registerDisposableBean("demoMariaDb", mariaDb.get()::close);
                }
            });
        }
        app.setAdditionalProfiles(profiles.toArray(String[]::new));
        ConfigurableApplicationContext context = app.run(withPort(args));
        String port = context.getEnvironment().getProperty("local.server.port", "8080");
        log.info("Demo admin token for this run (give it as 'Authorization: Bearer <token>'): {}", adminToken);
        log.info("Dashboard: http://localhost:{}/ (sign in with the token above)", port);
        log.info("Try: curl -H 'Authorization: Bearer {}' http://localhost:{}/api/v1/tables", adminToken, port);
        return context;
    }

    /** The admin token of the running demo; generated at each start and never stored. */
    public static String adminToken() {
        return adminToken;
    }

    private static DynamoDBProxyServer start(int port) throws Exception {
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        return server;
    }

    private static void stop(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Exiting anyway.
        }
    }

    private static void requireNativeLibrary() {
        String path = System.getProperty("sqlite4java.library.path");
        if (path == null) {
            Path built = Path.of("demo/target/native-libs");
            if (!Files.isDirectory(built)) {
                throw new IllegalStateException("DynamoDB Local needs sqlite4java's native library: run the demo with"
                        + " ./mvnw -pl demo -am spring-boot:run, or pass -Dsqlite4java.library.path=<dir>");
            }
            System.setProperty("sqlite4java.library.path", built.toAbsolutePath().toString());
        }
    }

    /**
     * The arguments with {@code --server.port=0} replaced by a free port: the demo plan's webhook
     * URL names the demo's own port ({@code ${server.port}} in application-demo.yaml), and the
     * configuration is bound before the server has picked one.
     */
    static String[] withPort(String... args) throws Exception {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i].equals("--server.port=0")) {
                out[i] = "--server.port=" + freePort();
            }
        }
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
