package dev.rehearsal.dashboard.engine.testengine;

import dev.rehearsal.core.source.SourceInfo;
import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.drill.sandbox.RestoredTables;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxTable;
import dev.rehearsal.drill.sink.ItemCodec;
import dev.rehearsal.drill.sink.TableInfo;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.TargetExistsException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import tools.jackson.databind.JsonNode;

/**
 * Restores into a directory as {@link FileTables} lays it out: {@code <table>.jsonl} with the lines,
 * beside it {@code <table>.schema.json} (the manifest's schema, compared by the schema check) and
 * {@code <table>.tags} (the tags, which the sandbox guard reads before a drop).
 */
final class FileTableSink implements TableSink {

    private final Path directory;
    private final FileTables reader;
    private final SandboxGuard guard;

    FileTableSink(String name, Path directory, SandboxGuard guard) {
        this.directory = directory;
        this.reader = new FileTables(name, directory);
        this.guard = guard;
    }

    @Override
    public SourceInfo info() {
        return reader.info();
    }

    @Override
    public ItemCodec codec(JsonNode schema) {
        return FileTables.CODEC;
    }

    @Override
    public boolean exists(String table) {
        return Files.exists(reader.file(table));
    }

    @Override
    public synchronized void create(String table, JsonNode schema, Map<String, String> tags, boolean onDemand) {
        if (exists(table)) {
            throw new TargetExistsException(table, info().endpoint());
        }
        try {
            Files.createDirectories(directory);
            writeTags(table, tags);
            Files.writeString(schemaFile(table), FileTables.JSON.writeValueAsString(schema));
            Files.createFile(reader.file(table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void write(String table, List<byte[]> lines) {
        try (var out = Files.newOutputStream(reader.file(table), StandardOpenOption.APPEND)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int maxBatch() {
        return 100;
    }

    @Override
    public List<String> finish(String table, JsonNode schema) {
        return List.of();
    }

    @Override
    public List<String> schemaDifferences(JsonNode backupSchema, String table) {
        try {
            JsonNode restored = FileTables.JSON.readTree(Files.readString(schemaFile(table)));
            return restored.equals(backupSchema) ? List.of()
                    : List.of("schema of '" + table + "' is " + restored + ", the backup's " + backupSchema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TableSource reader() {
        return reader;
    }

    @Override
    public Optional<byte[]> fetch(String table, JsonNode schema, byte[] line) {
        return reader.find(table, line);
    }

    @Override
    public List<TableInfo> list(String prefix) {
        List<TableInfo> tables = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return tables;
        }
        for (String table : reader.listTables()) {
            if (table.startsWith(prefix)) {
                try {
                    tables.add(new TableInfo(table, Files.getLastModifiedTime(reader.file(table)).toInstant()));
                } catch (IOException gone) {
                    // Deleted between the listing and the look.
                }
            }
        }
        return tables;
    }

    @Override
    public Optional<Map<String, String>> tags(String table) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(tagsFile(table), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> tags.put(k, p.getProperty(k)));
        return Optional.of(tags);
    }

    @Override
    public synchronized void drop(SandboxTable table) {
        guard.authorizeDrop(table, tags(table.name()));
        delete(table.name());
        guard.ledger().release(table.name());
    }

    @Override
    public synchronized void dropCreatedBy(String table, String restoreId) {
        RestoredTables.authorizeDrop(table, restoreId, tags(table), guard.ledger());
        delete(table);
        guard.ledger().release(table);
    }

    private void delete(String table) {
        try {
            Files.deleteIfExists(reader.file(table));
            Files.deleteIfExists(schemaFile(table));
            Files.deleteIfExists(tagsFile(table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeTags(String table, Map<String, String> tags) throws IOException {
        Properties p = new Properties();
        p.putAll(tags);
        try (Writer out = Files.newBufferedWriter(tagsFile(table), StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
    }

    private Path schemaFile(String table) {
        return directory.resolve(table + ".schema.json");
    }

    private Path tagsFile(String table) {
        return directory.resolve(table + ".tags");
    }

    @Override
    public void close() {
    }
}
