package dev.rehearsal.core.source;

import tools.jackson.databind.JsonNode;

/**
 * @param table           the table's name
 * @param schema          the engine's schema document, as recorded in the manifest
 * @param approximateItems the engine's estimate of the item count (may lag)
 * @param approximateBytes the engine's estimate of the table's size in bytes (may lag)
 */
public record TableDescription(String table, JsonNode schema, long approximateItems, long approximateBytes) {
}
