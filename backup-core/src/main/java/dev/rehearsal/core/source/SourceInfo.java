package dev.rehearsal.core.source;

/**
 * @param name     the configured source name, the first folder of the layout
 * @param kind     the engine, for example {@code dynamodb}
 * @param endpoint URL or host the source is reached at; never credentials
 * @param region   the region, where the engine has one
 */
public record SourceInfo(String name, String kind, String endpoint, String region) {
}
