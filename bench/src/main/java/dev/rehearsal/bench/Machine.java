package dev.rehearsal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, read from the JVM and /proc. */
record Machine(int processors, String memory, String cpu, String java, String os) {

    static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                memTotal(),
                firstValue(Path.of("/proc/cpuinfo"), "model name", System.getProperty("os.arch")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                osName() + " (kernel " + System.getProperty("os.version") + ", " + System.getProperty("os.arch") + ")");
    }

    private static String memTotal() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal", null);
        if (kb == null) {
            return "unknown";
        }
        try {
            long k = Long.parseLong(kb.replace("kB", "").trim());
            return String.format("%.1f GiB", k / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static String osName() {
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", null);
        return pretty != null ? pretty.replace("\"", "") : System.getProperty("os.name");
    }

    /** The value of the first "key: value" or "key=value" line starting with {@code key}. */
    private static String firstValue(Path file, String key, String fallback) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    int sep = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
                    if (sep > 0) {
                        return line.substring(sep + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            // Not Linux, or not readable: say what the JVM knows.
        }
        return fallback;
    }
}
