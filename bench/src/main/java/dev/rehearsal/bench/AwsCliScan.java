package dev.rehearsal.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peer tool: {@code aws dynamodb scan --table-name T --endpoint-url URL > file.json}, the
 * command people reach for to dump a table. The CLI pages through the table on one connection and
 * writes one JSON document at the end. Dummy credentials, region and output format are passed
 * through the environment, so that no profile of the user's changes what is measured.
 */
final class AwsCliScan {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path aws;
    private final URI endpoint;

    AwsCliScan(Path aws, URI endpoint) {
        this.aws = aws;
        this.endpoint = endpoint;
    }

    List<String> command(String table) {
        return List.of(aws.toString(), "dynamodb", "scan", "--table-name", table, "--endpoint-url", endpoint.toString());
    }

    /** What {@code aws --version} says, or why it could not say. */
    String version() {
        try {
            Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? text : "(" + aws + " --version failed: " + text + ")";
        } catch (IOException e) {
            return "(" + aws + " did not run: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Dummy credentials, region, output format and no pager, so that no profile of the user's changes what is measured. */
    static void isolate(Map<String, String> env) {
        env.put("AWS_ACCESS_KEY_ID", "rehearsal");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_DEFAULT_OUTPUT", "json");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
    }

    /** Runs the scan into {@code output} and returns the item count the CLI reported there. */
    long run(String table, Path output) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(table))
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE);
        isolate(pb.environment());
        Process process = pb.start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command(table)) + " exited with " + exit + ": "
                    + new String(stderr, StandardCharsets.UTF_8).strip());
        }
        return reportedCount(output);
    }

    /** The top-level "Count" of the CLI's output, read as a stream so that a large dump never sits in the heap. */
    static long reportedCount(Path output) throws IOException {
        try (JsonParser p = JSON.createParser(Files.newInputStream(output))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(output + " is not a JSON object");
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                if ("Count".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        }
        throw new IOException(output + " has no top-level \"Count\"");
    }
}
