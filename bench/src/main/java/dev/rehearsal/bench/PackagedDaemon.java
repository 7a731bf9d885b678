package dev.rehearsal.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon (dashboard's -exec jar) in a JVM of its own, started as an operator starts it
 * and as dashboard's DaemonProcess test helper does: {@code java -Xmx256m -jar ... --key=value}, its
 * output in a log file. Stopped with SIGTERM (SIGKILL after 30 s) when closed, and by a shutdown
 * hook if the harness is interrupted first.
 */
final class PackagedDaemon implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private PackagedDaemon(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar on a free port with {@code properties} as {@code --key=value} arguments and waits
     * until its health endpoint answers UP (with the cluster on, that includes the broker).
     */
    static PackagedDaemon start(Path jar, String name, Map<String, String> properties, String heap, Path logDir)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = logDir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedDaemon daemon = new PackagedDaemon(name, p, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stopQuietly, "stop-" + name));
        daemon.awaitHealthy(Duration.ofMinutes(4));
        return daemon;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path log() {
        return log;
    }

    /** Waits until the health endpoint answers UP; fails naming the log if the daemon exits or the time runs out. */
    void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("daemon " + name + " exited with " + process.exitValue() + " while"
                        + " starting; see " + log + ":\n" + tail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("daemon " + name + " was not healthy within " + timeout.toSeconds() + " s; see "
                + log + ":\n" + tail(40));
    }

    /** The last lines of the daemon's log, for an error message. */
    String tail(int lines) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private void stopQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
