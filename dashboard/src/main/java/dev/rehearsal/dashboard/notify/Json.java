package dev.rehearsal.dashboard.notify;

import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of every notifier: instants as ISO-8601 strings, nulls written (the schema names every field). */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }
}
