package dev.rehearsal.core.format;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The manifest of one committed backup (docs/FORMAT.md, "manifest.json"). It is written last, after
 * every data object is durably stored, and its presence is what makes a backup restorable.
 *
 * @param format        always {@value #FORMAT}
 * @param formatVersion the version of this document's layout; readers refuse versions they do not know
 * @param backupId      the backup's id, also the name of its folder
 * @param source        where the table was read from (never a secret)
 * @param table         the table's name and its engine-specific schema
 * @param scan          how the items were read, and whether that is a point-in-time image
 * @param startedAt     when the backup started (UTC)
 * @param finishedAt    when the last data object was stored (UTC)
 * @param compression   {@code zstd} or {@code gzip}, for every data object
 * @param objects       every data object, in segment and part order
 * @param totals        sums over {@code objects}
 * @param contentDigest the order-independent digest of the table's items
 * @param writer        the program and version that wrote the backup
 * @param manifestSha256 SHA-256 of this file's bytes with this field's value replaced by 64 zeros;
 *                      catches a manifest edited or damaged after commit (see FORMAT.md)
 */
public record Manifest(
        String format,
        int formatVersion,
        String backupId,
        Source source,
        Table table,
        Scan scan,
        Instant startedAt,
        Instant finishedAt,
        String compression,
        List<DataObject> objects,
        Totals totals,
        ContentDigest contentDigest,
        String writer,
        String manifestSha256) {

    public static final String FORMAT = "rehearsal-backup";
    public static final int VERSION = 1;

    public Manifest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Compression.of(Objects.requireNonNull(compression, "compression"));
        objects = List.copyOf(Objects.requireNonNull(objects, "objects"));
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(contentDigest, "contentDigest");
    }

    /** Where the table was read from. {@code endpoint} is a URL or host, never with credentials in it. */
    public record Source(String name, String kind, String endpoint, String region) {
    }

    /** The table's name and its schema, whose fields depend on {@code Source.kind} (see FORMAT.md). */
    public record Table(String name, JsonNode schema) {
    }

    /**
     * How the items were read.
     *
     * @param mode         for example {@code parallel-scan}
     * @param segments     how many segments were read in parallel
     * @param consistentRead whether strongly consistent reads were used
     * @param pointInTime  whether the items form one point-in-time image of the table
     * @param note         plain words on what the mode does and does not guarantee
     */
    public record Scan(String mode, int segments, boolean consistentRead, boolean pointInTime, String note) {
    }

    /**
     * One data object.
     *
     * @param name    its key relative to the backup folder, for example {@code data/00003-00000.json.zst}
     * @param segment the scan segment it holds items of
     * @param part    its position among that segment's objects, from 0
     * @param items   how many lines (items) it holds
     * @param bytes   its stored (compressed) size
     * @param sha256  SHA-256 of its stored bytes, lowercase hex
     */
    public record DataObject(String name, int segment, int part, long items, long bytes, String sha256) {
        public DataObject {
            Objects.requireNonNull(name, "object name");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("object " + name + " has sha256 '" + sha256
                        + "', expected 64 lowercase hex digits");
            }
            if (items < 0 || bytes < 0 || segment < 0 || part < 0) {
                throw new IllegalArgumentException("object " + name + " has a negative count");
            }
        }
    }

    /**
     * @param items             total items over all objects; equals {@code contentDigest.items}
     * @param bytes             total stored bytes over all objects
     * @param uncompressedBytes total bytes of the JSON lines before compression
     */
    public record Totals(long items, long bytes, long uncompressedBytes) {
    }
}
