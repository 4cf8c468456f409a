package org.openloa.edge.link;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer from the server with the local instants its request left and its answer arrived, which
 * clock-skew estimation needs. Header names are looked up case-insensitively.
 */
public record Reply<T>(int status, Map<String, List<String>> headers, T body, Instant sent, Instant received) {

    public boolean ok() {
        return status / 100 == 2;
    }

    public Optional<String> header(String name) {
        List<String> values = allValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** Every value of a header that may be repeated, e.g. Preference-Applied. */
    public List<String> allValues(String name) {
        return headers.getOrDefault(name, List.of());
    }
}
