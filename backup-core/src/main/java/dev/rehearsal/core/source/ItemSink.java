package dev.rehearsal.core.source;

import java.io.IOException;

/** Receives a segment's items, already encoded by the engine. */
@FunctionalInterface
public interface ItemSink {

    /**
     * @param line the item as one line of the data object, without its newline
     * @param hash the SHA-256 of the item's canonical encoding, 32 bytes, for the content digest
     */
    void accept(byte[] line, byte[] hash) throws IOException;
}
