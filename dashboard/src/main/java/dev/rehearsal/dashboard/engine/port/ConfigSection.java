package dev.rehearsal.dashboard.engine.port;

/**
 * One section of the daemon's configuration, such as {@code rehearsal.sources.prod} or
 * {@code rehearsal.sandbox}, as an engine sees it: a key, whether anything is set under it, the
 * sections below it, and its keys bound to a record of the engine's own. The daemon reads it through
 * Spring Boot's binder, with the relaxed names, placeholders and environment overrides that go with
 * it; the engine needs to know none of that.
 */
public interface ConfigSection {

    /** The section's full key, for example {@code rehearsal.sources.prod}; every message about it starts with it. */
    String key();

    /** Whether anything is configured at or under {@link #key()}. */
    boolean isPresent();

    /**
     * The section below this one: {@code child("credentials")} of {@code rehearsal.sources.prod} is
     * {@code rehearsal.sources.prod.credentials}. A source's name is found as the map of sources found it.
     */
    ConfigSection child(String name);

    /**
     * This section bound to {@code type}, a record whose components name the keys it reads
     * ({@code jdbcUrl} reads {@code jdbc-url}). A key that is not set arrives as null, so the record's
     * constructor supplies its defaults; keys the record does not name are left to others (the
     * shared {@code kind}, {@code include} and {@code exclude} of a source, another engine's part of
     * the sandbox). Never null: an absent section binds to a record of nulls.
     *
     * @throws InvalidValueException when a value cannot be converted to its component's type
     */
    <T> T bind(Class<T> type);

    /** A configured value that cannot be read; the message starts with the value's full key. */
    final class InvalidValueException extends IllegalArgumentException {

        public InvalidValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
