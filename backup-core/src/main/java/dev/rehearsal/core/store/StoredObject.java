package dev.rehearsal.core.store;

/** An object in a store: its key and its size in bytes. */
public record StoredObject(String key, long size) {
}
