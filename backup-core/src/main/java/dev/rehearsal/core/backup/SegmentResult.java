package dev.rehearsal.core.backup;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import java.util.List;

/**
 * What one segment stored: its data objects (durable), the digest of its items, and the bytes of
 * its lines before compression.
 */
public record SegmentResult(int segment, List<Manifest.DataObject> objects, ContentDigest digest, long uncompressedBytes) {

    public SegmentResult {
        objects = List.copyOf(objects);
    }
}
