package dev.rehearsal.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peer tool for loading: {@code aws dynamodb batch-write-item --request-items file://F} once per
 * request file of 25 items, one after the other, as a shell loop over the files would. The files
 * are written from the backup's own lines before the clock starts: a data-object line is
 * {@code {"Item":{...}}} in DynamoDB JSON, so {@code {"PutRequest":LINE}} is a put request as the CLI
 * takes it (binary values stay base64, the CLI v2 default). What the CLI returns as
 * {@code UnprocessedItems} is written to a file of its own and sent again, so the loop is complete.
 */
final class AwsCliBatchWrite {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path aws;
    private final URI endpoint;

    AwsCliBatchWrite(Path aws, URI endpoint) {
        this.aws = aws;
        this.endpoint = endpoint;
    }

    /** The command for one file, as reported. */
    String command(Path file) {
        return aws + " dynamodb batch-write-item --request-items file://" + file + " --endpoint-url " + endpoint;
    }

    /** Writes {@code lines} into request files of at most 25 puts for {@code table}, in {@code dir}; not timed. */
    List<Path> prepare(String table, List<byte[]> lines, Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] head = ("{" + JSON.writeValueAsString(table) + ":[").getBytes(StandardCharsets.UTF_8);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += RawLoad.BATCH) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(head);
            for (int j = i; j < Math.min(lines.size(), i + RawLoad.BATCH); j++) {
                if (j > i) {
                    out.write(',');
                }
                out.write("{\"PutRequest\":".getBytes(StandardCharsets.UTF_8));
                out.write(lines.get(j));
                out.write('}');
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
            Path file = dir.resolve(String.format("batch-%05d.json", i / RawLoad.BATCH));
            Files.write(file, out.toByteArray());
            files.add(file);
        }
        return files;
    }

    /** Runs the CLI once per file, in order, resending unprocessed items; returns the number of CLI invocations. */
    int run(List<Path> files) throws IOException, InterruptedException {
        int calls = 0;
        for (Path file : files) {
            Path pending = file;
            for (int round = 0; pending != null; round++) {
                if (round > 10) {
                    throw new IOException("items of " + file + " still unprocessed after 10 resends by the aws CLI");
                }
                JsonNode unprocessed = once(pending).path("UnprocessedItems");
                calls++;
                if (unprocessed.isObject() && !unprocessed.isEmpty()) {
                    pending = file.resolveSibling(file.getFileName() + ".unprocessed-" + (round + 1));
                    Files.writeString(pending, JSON.writeValueAsString(unprocessed));
                } else {
                    pending = null;
                }
            }
        }
        return calls;
    }

    private JsonNode once(Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(aws.toString(), "dynamodb", "batch-write-item",
                "--request-items", "file://" + file.toAbsolutePath(), "--endpoint-url", endpoint.toString());
        AwsCliScan.isolate(pb.environment());
        Process process = pb.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(command(file) + " exited with " + exit + ": "
                    + new String(stderr, StandardCharsets.UTF_8).strip());
        }
        return stdout.length == 0 ? JSON.createObjectNode() : JSON.readTree(stdout);
    }
}
