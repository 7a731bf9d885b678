/**
 * Backup format v1, as specified in docs/FORMAT.md: the {@link dev.rehearsal.core.format.Manifest}
 * and its JSON codec, data objects (newline-delimited JSON lines, compressed) with their SHA-256,
 * and the order-independent {@link dev.rehearsal.core.format.ContentDigest}.
 *
 * <p>Nothing here knows a database engine: engines hand in encoded lines and item hashes.
 */
package dev.rehearsal.core.format;
