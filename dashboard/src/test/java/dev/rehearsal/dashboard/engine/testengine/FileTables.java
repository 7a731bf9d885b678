package dev.rehearsal.dashboard.engine.testengine;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.source.ItemSink;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.drill.sink.ItemCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A directory of tables, one file {@code <table>.jsonl} each, one JSON object a line, keyed by its
 * {@code "id"}: the test engine's source, and the reader its sink verifies with. A line is its own
 * canonical encoding, so an item's hash is the SHA-256 of the line.
 */
final class FileTables implements TableSource {

    static final String KIND = "testengine";
    static final String EXTENSION = ".jsonl";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The schema every table of this engine has: items keyed by "id". */
    static final JsonNode SCHEMA = JSON.createObjectNode().put("key", "id");

    private final SourceInfo info;
    private final Path directory;

    FileTables(String name, Path directory) {
        this.info = new SourceInfo(name, KIND, directory.toUri().toString(), null);
        this.directory = directory;
    }

    List<String> listTables() {
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(EXTENSION))
                    .map(n -> n.substring(0, n.length() - EXTENSION.length())).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        } catch (IOException e) {
            throw new SourceException("source '" + info.name() + "' (" + directory + "): cannot list tables: " + e, e);
        }
    }

    Path file(String table) {
        return directory.resolve(table + EXTENSION);
    }

    List<byte[]> lines(String table) {
        try {
            return Files.readAllLines(file(table), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        } catch (IOException e) {
            throw new SourceException("table '" + table + "' of source '" + info.name() + "' (" + directory
                    + ") cannot be read: " + e, e);
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public TableDescription describe(String table) {
        try {
            return new TableDescription(table, SCHEMA, lines(table).size(), Files.size(file(table)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long count(String table) {
        return lines(table).size();
    }

    /** One segment: the file, read whole. */
    @Override
    public TableScan openScan(TableDescription table, ScanOptions options) {
        return new TableScan() {
            @Override
            public int segments() {
                return 1;
            }

            @Override
            public Manifest.Scan mode() {
                return new Manifest.Scan("file", 1, true, true, "the test engine reads the table's file whole");
            }

            @Override
            public void read(int segment, ItemSink sink) throws IOException {
                for (byte[] line : lines(table.table())) {
                    sink.accept(line, sha256(line));
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }

    static byte[] sha256(byte[] line) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(line);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String id(byte[] line) {
        return JSON.readTree(line).path("id").asString();
    }

    /** Keys are ids, hashes those of the lines, and differing attributes the top-level fields that differ. */
    static final ItemCodec CODEC = new ItemCodec() {
        @Override
        public String key(byte[] line) {
            return "{\"id\":\"" + id(line) + "\"}";
        }

        @Override
        public byte[] hash(byte[] line) {
            return sha256(line);
        }

        @Override
        public List<String> differingAttributes(byte[] expected, byte[] actual) {
            JsonNode a = JSON.readTree(expected);
            JsonNode b = JSON.readTree(actual);
            TreeSet<String> names = new TreeSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            return names.stream().filter(n -> !a.path(n).equals(b.path(n))).toList();
        }
    };

    Optional<byte[]> find(String table, byte[] line) {
        String id = id(line);
        return lines(table).stream().filter(l -> id(l).equals(id)).findFirst();
    }
}
