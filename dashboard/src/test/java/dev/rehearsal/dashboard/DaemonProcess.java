package dev.rehearsal.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged daemon (dashboard's -exec jar) running in its own JVM, as an operator runs it; so
 * that a test can kill it with SIGKILL rather than simulate a crash.
 */
final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar with {@code --key=value} arguments (a {@link TestConfig#toMap()}, say); output goes to
     * {@code target/<name>.log}.
     */
    static DaemonProcess start(String name, Map<String, String> properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toString(), "--server.port=" + properties.getOrDefault("server.port", "0")));
        properties.forEach((k, v) -> {
            if (!k.equals("server.port")) {
                command.add("--" + k + "=" + v);
            }
        });
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DaemonProcess(p, log);
    }

    /** SIGKILL: no shutdown hook, no clean-up, as after an OOM kill or a node loss. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The process id, as the daemon records it for the partitions it runs. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                killHard();
            }
        }
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("dashboard-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the -exec jar is built by the package phase;"
                            + " run this test with mvn verify"));
        }
    }
}
