package org.openloa.edge.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.openloa.edge.support.Threads;

/**
 * HTTP to cms with java.net.http. Adds the device's bearer credential to calls to the cms origin only
 * (a presigned object-store URL must not receive it, even through a redirect), and feeds every answer's
 * Date header to the {@link ServerClock}.
 */
public final class CmsLink {

    private static final int MAX_REDIRECTS = 5;
    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 303, 307, 308);

    private final URI base;
    private final ServerClock clock;
    private final Duration timeout;
    private final String userAgent;
    private final HttpClient http;
    private volatile String credential;

    public CmsLink(URI server, ServerClock clock, Duration timeout, String agentVersion) {
        String text = server.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.clock = clock;
        this.timeout = timeout;
        this.userAgent = "openloa-edge-agent/" + agentVersion;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // HTTP/1.1: plain-http cms behind a proxy handles it everywhere; h2c upgrades do not.
                .version(HttpClient.Version.HTTP_1_1)
                // Redirects are followed below, so the credential never follows one to another host.
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Threads.executor("http"))
                .build();
    }

    /** From now on, calls to cms carry this credential. */
    public void authenticate(String credential) {
        this.credential = Objects.requireNonNull(credential);
    }

    /** An endpoint under the server URL, e.g. {@code edge/v1/manifest}. */
    public URI endpoint(String relative) {
        return base.resolve(relative);
    }

    public boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), base.getScheme())
                && Objects.equals(uri.getHost(), base.getHost())
                && port(uri) == port(base);
    }

    public Reply<byte[]> get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return getFollowing(uri, headers, HttpResponse.BodyHandlers.ofByteArray(), timeout);
    }

    /**
     * A GET whose answer may take longer than the usual timeout: a long poll the server holds for up to
     * {@code wait}. The answer is given {@code wait} + the usual timeout (at least 10 s more than the hold).
     */
    public Reply<byte[]> getHeld(URI uri, Map<String, String> headers, Duration wait)
            throws IOException, InterruptedException {
        Duration margin = timeout.compareTo(Duration.ofSeconds(10)) > 0 ? timeout : Duration.ofSeconds(10);
        return getFollowing(uri, headers, HttpResponse.BodyHandlers.ofByteArray(), wait.plus(margin));
    }

    public Reply<byte[]> postJson(URI uri, byte[] json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .header("Content-Type", "application/json")
                .timeout(timeout);
        return send(request, uri, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A download: the body arrives as a stream. The timeout covers the answer's headers only; a
     * stalled body is the caller's to watch.
     */
    public Reply<InputStream> stream(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return getFollowing(uri, headers, HttpResponse.BodyHandlers.ofInputStream(), timeout);
    }

    /**
     * A GET that follows up to {@value #MAX_REDIRECTS} redirects, e.g. from /edge/v1/media/{id} to a
     * presigned object-store URL. Each hop carries the credential only if it goes to the cms origin, and
     * an https request is never followed to plain http.
     */
    private <T> Reply<T> getFollowing(
            URI uri, Map<String, String> headers, HttpResponse.BodyHandler<T> body, Duration answerTimeout)
            throws IOException, InterruptedException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(answerTimeout);
            headers.forEach(request::header);
            Reply<T> reply = send(request, target, body);
            java.util.Optional<String> location = reply.header("Location");
            if (!REDIRECTS.contains(reply.status()) || location.isEmpty() || hop == MAX_REDIRECTS) {
                return reply;
            }
            URI next = target.resolve(location.get());
            if ("https".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                return reply;
            }
            discard(reply.body());
            target = next;
        }
    }

    private static void discard(Object body) throws IOException {
        if (body instanceof InputStream stream) {
            stream.close();
        }
    }

    private <T> Reply<T> send(HttpRequest.Builder request, URI uri, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        request.header("User-Agent", userAgent);
        String bearer = credential;
        if (bearer != null && sameOrigin(uri)) {
            request.header("Authorization", "Bearer " + bearer);
        }
        Instant sent = clock.local().instant();
        HttpResponse<T> response = http.send(request.build(), body);
        Instant received = clock.local().instant();
        if (sameOrigin(uri)) {
            response.headers()
                    .firstValue("Date")
                    .flatMap(CmsLink::parseDate)
                    .ifPresent(date -> clock.observeDateHeader(date, sent, received));
        }
        return new Reply<>(response, sent, received);
    }

    private static java.util.Optional<Instant> parseDate(String header) {
        try {
            return java.util.Optional.of(ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
