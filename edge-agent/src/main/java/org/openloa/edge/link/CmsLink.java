package org.openloa.edge.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * HTTP to cms with the JDK's {@link HttpURLConnection}: about 8 MiB less resident memory on the box than
 * java.net.http, which starts a selector thread and initialises the whole TLS stack even for plain http
 * (docs/benchmarks.md, "Edge agent memory and CPU"); TLS, with the runtime's trust store, is loaded only
 * for an https server. Adds the device's bearer credential to calls to the cms origin only (a presigned
 * object-store URL must not receive it, even through a redirect), and feeds every answer's Date header to
 * the {@link ServerClock}.
 */
public final class CmsLink {

    private static final int MAX_REDIRECTS = 5;
    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 303, 307, 308);

    private final URI base;
    private final ServerClock clock;
    private final Duration timeout;
    private final String userAgent;
    private volatile String credential;

    public CmsLink(URI server, ServerClock clock, Duration timeout, String agentVersion) {
        String text = server.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.clock = clock;
        this.timeout = timeout;
        this.userAgent = "openloa-edge-agent/" + agentVersion;
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
        return whole(getFollowing(uri, headers, timeout));
    }

    /**
     * A GET whose answer may take longer than the usual timeout: a long poll the server holds for up to
     * {@code wait}. The answer is given {@code wait} + the usual timeout (at least 10 s more than the hold).
     */
    public Reply<byte[]> getHeld(URI uri, Map<String, String> headers, Duration wait)
            throws IOException, InterruptedException {
        Duration margin = timeout.compareTo(Duration.ofSeconds(10)) > 0 ? timeout : Duration.ofSeconds(10);
        return whole(getFollowing(uri, headers, wait.plus(margin)));
    }

    public Reply<byte[]> postJson(URI uri, byte[] json) throws IOException, InterruptedException {
        return whole(exchange(uri, Map.of("Content-Type", "application/json"), json, timeout));
    }

    /**
     * A download: the body arrives as a stream. The timeout covers the answer's headers and each read of
     * the body; a body that trickles is the caller's to watch.
     */
    public Reply<InputStream> stream(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return getFollowing(uri, headers, timeout);
    }

    /**
     * A GET that follows up to {@value #MAX_REDIRECTS} redirects, e.g. from /edge/v1/media/{id} to a
     * presigned object-store URL. Each hop carries the credential only if it goes to the cms origin, and
     * an https request is never followed to plain http.
     */
    private Reply<InputStream> getFollowing(URI uri, Map<String, String> headers, Duration answerTimeout)
            throws IOException, InterruptedException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            Reply<InputStream> reply = exchange(target, headers, null, answerTimeout);
            java.util.Optional<String> location = reply.header("Location");
            if (!REDIRECTS.contains(reply.status()) || location.isEmpty() || hop == MAX_REDIRECTS) {
                return reply;
            }
            URI next = target.resolve(location.get());
            if ("https".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                return reply;
            }
            reply.body().close();
            target = next;
        }
    }

    /** Reads a small answer's body whole (manifests, enrolment and delivery answers). */
    private static Reply<byte[]> whole(Reply<InputStream> reply) throws IOException {
        try (InputStream body = reply.body()) {
            return new Reply<>(reply.status(), reply.headers(), body.readAllBytes(), reply.sent(), reply.received());
        }
    }

    /**
     * One request: a GET, or a POST when there is a body. Redirects are followed by the caller, so the
     * credential never follows one to another host. The body is buffered by the connection, not streamed:
     * it is small, and a streamed POST cannot be answered 401 without an exception instead of the status.
     */
    private Reply<InputStream> exchange(URI uri, Map<String, String> headers, byte[] body, Duration answerTimeout)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IOException("not an http(s) URL: " + scheme + ":");
        }
        // No proxy, as java.net.http had none: the box talks to cms and the object store directly.
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        connection.setInstanceFollowRedirects(false);
        // No setUseCaches(false): with it the JDK adds Cache-Control and Pragma "no-cache" to every request, and a
        // poll with no-cache makes cms read the database (the woken poll's revalidation). No ResponseCache is
        // installed in the agent, so nothing is cached either way.
        connection.setConnectTimeout(millis(timeout));
        // Covers the wait for the answer's headers and then each read of its body.
        connection.setReadTimeout(millis(answerTimeout));
        headers.forEach(connection::setRequestProperty);
        connection.setRequestProperty("User-Agent", userAgent);
        String bearer = credential;
        if (bearer != null && sameOrigin(uri)) {
            connection.setRequestProperty("Authorization", "Bearer " + bearer);
        }
        Instant sent = clock.local().instant();
        int status;
        try {
            if (body != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            status = connection.getResponseCode();
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
        Instant received = clock.local().instant();
        if (status < 0) {
            connection.disconnect();
            throw new IOException("not an HTTP answer from " + uri.getScheme() + "://" + uri.getAuthority());
        }
        Map<String, List<String>> answer = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                answer.put(name, values);
            }
        });
        if (sameOrigin(uri)) {
            java.util.Optional.ofNullable(connection.getHeaderField("Date"))
                    .flatMap(CmsLink::parseDate)
                    .ifPresent(date -> clock.observeDateHeader(date, sent, received));
        }
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new Reply<>(status, answer, in == null ? InputStream.nullInputStream() : in, sent, received);
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
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
