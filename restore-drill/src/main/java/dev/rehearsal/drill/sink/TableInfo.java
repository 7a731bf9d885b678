package dev.rehearsal.drill.sink;

import java.time.Instant;

/** A table in a sink: its name and when it was created. */
public record TableInfo(String name, Instant created) {
}
