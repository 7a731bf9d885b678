package dev.rehearsal.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Runs the command in-process as a user would from a shell with no terminal: its own environment
 * variables, home directory and standard input, its output and exit status captured.
 */
final class CliRun {

    record Result(int code, String out, String err) {

        JsonNode json() {
            return ApiClient.JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private final Path home;
    private String stdin = "";

    CliRun(Path home) {
        this.home = home;
    }

    CliRun env(String key, String value) {
        env.put(key, value);
        return this;
    }

    CliRun stdin(String text) {
        stdin = text;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context context = new Context(Map.copyOf(env), home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Terminal.NONE);
        int code = Rehearsal.run(context, args);
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // Into the test's output file (target/surefire-reports/*-output.txt): what a person would have seen.
        System.out.println("$ rehearsal " + String.join(" ", args) + "\n" + result);
        return result;
    }
}
