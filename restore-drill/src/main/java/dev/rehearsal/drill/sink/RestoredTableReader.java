package dev.rehearsal.drill.sink;

import dev.rehearsal.core.source.TableSource;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What verification reads of a restored table: its definition, a scan of it, and single items by key. */
public interface RestoredTableReader {

    /** Where the restored tables are; for messages and reports. */
    dev.rehearsal.core.source.SourceInfo info();

    /** The engine's codec for the lines of data objects. */
    ItemCodec codec(JsonNode schema);

    /** How a restored table's definition differs from a manifest's schema, one line each; empty when they match. */
    List<String> schemaDifferences(JsonNode backupSchema, String table);

    /** Reads restored tables back, for verification. */
    TableSource reader();

    /** The target's item with the same key as a backup line, as a line, if there is one. */
    Optional<byte[]> fetch(String table, JsonNode schema, byte[] line);
}
