package org.openloa.edge.link;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * An answer from the server with the local instants its request left and its answer arrived, which
 * clock-skew estimation needs.
 */
public record Reply<T>(HttpResponse<T> response, Instant sent, Instant received) {

    public int status() {
        return response.statusCode();
    }

    public boolean ok() {
        return status() / 100 == 2;
    }

    public T body() {
        return response.body();
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }
}
