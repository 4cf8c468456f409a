package org.openloa.edge.support;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The agent's one Jackson mapper (bundled into the jar, so the box needs nothing but a Java runtime). */
public final class Json {

    /**
     * Unknown fields are ignored, so a newer server can add fields without breaking older boxes
     * (API.md: "add fields freely"); offsets are kept as sent; times are written as ISO-8601 text.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {}
}
