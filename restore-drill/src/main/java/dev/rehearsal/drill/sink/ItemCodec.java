package dev.rehearsal.drill.sink;

import java.util.List;

/** What the drill needs to know about one engine's item lines, given the table's schema. */
public interface ItemCodec {

    /** The item's key as a short, stable string for reports, for example {@code {"pk":"a","sk":"1"}}. */
    String key(byte[] line);

    /** The SHA-256 of the item's canonical encoding, as used in the content digest. */
    byte[] hash(byte[] line);

    /** Names of the attributes whose values differ between two items with the same key. */
    List<String> differingAttributes(byte[] expected, byte[] actual);
}
