package org.openloa.bench.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.openloa.protocol.Manifest;
import tools.jackson.databind.ObjectMapper;

/**
 * The edge protocol's HTTP side, as a box speaks it (docs/edge-protocol.md): the manifest with its ETag and an
 * optional long poll, media with Range and SHA-256, and the JSON posts (heartbeat, play logs, events). One
 * instance serves many boxes: the credential travels with each call. Nothing here retries; the box decides.
 */
final class EdgeClient {

    /** How long a call may take beyond a long poll's wait before it counts as lost. */
    static final Duration SLACK = Duration.ofSeconds(15);

    private final URI base;
    private final Http11 http;
    private final ObjectMapper json;
    private final Duration timeout;

    EdgeClient(URI server, ObjectMapper json, Duration timeout) {
        String text = server.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.json = json;
        this.timeout = timeout;
        this.http = new Http11((int) timeout.toMillis());
    }

    URI endpoint(String relative) {
        return base.resolve(relative);
    }

    /** The answer to a manifest poll. {@code manifest} is null on a 304 or an error. */
    record Poll(
            int status,
            String etag,
            Manifest manifest,
            boolean held,
            Instant sent,
            Instant received,
            Optional<Instant> date) {}

    /**
     * GET /edge/v1/manifest with {@code If-None-Match} when an ETag is held, and {@code Prefer: wait=N} when
     * {@code waitSeconds} > 0, {@code Cache-Control: no-cache} when it answers a wake. {@code held} says whether the server honoured the wait (Preference-Applied):
     * if not, the box falls back to plain polling.
     */
    Poll manifest(String credential, String etag, int waitSeconds, boolean revalidate)
            throws IOException, InterruptedException {
        return manifest(credential, etag, waitSeconds, revalidate, null);
    }

    /** The same, sending the plan version a wake announced ({@code OpenLoa-Plan-Version}) when it answers one. */
    Poll manifest(String credential, String etag, int waitSeconds, boolean revalidate, Long planVersion)
            throws IOException, InterruptedException {
        java.util.List<String> headers = new java.util.ArrayList<>(12);
        headers.addAll(java.util.List.of("Authorization", "Bearer " + credential, "Accept", "application/json"));
        if (etag != null) {
            headers.addAll(java.util.List.of("If-None-Match", etag));
        }
        if (waitSeconds > 0) {
            headers.addAll(java.util.List.of("Prefer", "wait=" + waitSeconds));
        }
        if (revalidate) {
            headers.addAll(java.util.List.of("Cache-Control", "no-cache"));
            if (planVersion != null) {
                headers.addAll(java.util.List.of("OpenLoa-Plan-Version", Long.toString(planVersion)));
            }
        }
        Instant sent = Instant.now();
        Http11.Response response = http.send(
                "GET",
                endpoint("edge/v1/manifest"),
                headers.toArray(String[]::new),
                null,
                millis(timeout.plusSeconds(Math.max(0, waitSeconds))));
        byte[] bytes = response.bytes();
        Instant received = Instant.now();
        boolean held = response.header("Preference-Applied")
                .map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("wait"))
                .orElse(false);
        Optional<Instant> date = response.header("Date").flatMap(EdgeClient::httpDate);
        Manifest manifest = null;
        String tag = response.header("ETag").orElse(null);
        if (response.status() == 200) {
            manifest = json.readValue(bytes, Manifest.class);
            if (tag == null) {
                tag = "\"" + manifest.version() + "\"";
            }
        }
        return new Poll(response.status(), tag, manifest, held, sent, received, date);
    }

    /** POST a JSON document; answers the status. */
    int post(String credential, String path, Object document) throws IOException, InterruptedException {
        try (Http11.Response response = http.send(
                "POST",
                endpoint(path),
                new String[] {"Authorization", "Bearer " + credential, "Content-Type", "application/json"},
                json.writeValueAsBytes(document),
                millis(timeout))) {
            response.body().transferTo(java.io.OutputStream.nullOutputStream());
            return response.status();
        }
    }

    /** POST /edge/v1/enroll; the raw answer. */
    Answer enrol(Object request) throws IOException, InterruptedException {
        Http11.Response response = http.send(
                "POST",
                endpoint("edge/v1/enroll"),
                new String[] {"Content-Type", "application/json"},
                json.writeValueAsBytes(request),
                millis(timeout.multipliedBy(2)));
        return new Answer(response.status(), response.bytes());
    }

    /** A whole answer: its status and body. */
    record Answer(int status, byte[] body) {}

    /**
     * Downloads one media file into {@code partial}, resuming from what it already holds with {@code Range}. A
     * simulated box keeps no audio: the bytes go through SHA-256 and are dropped, and the digest's state is the
     * partial file. Answers whether the file is now complete and verified; throws when the connection breaks
     * (the part received stays in {@code partial}, so the next call resumes) and {@link Corrupt} when the whole
     * file does not match the manifest (the partial state is reset: never play it, fetch it again).
     *
     * @param url the media's {@code url} from the manifest, or null for /edge/v1/media/{id}
     */
    boolean download(String credential, Manifest.Media media, Partial partial)
            throws IOException, InterruptedException, Corrupt {
        URI uri = media.url() == null || media.url().isBlank()
                ? endpoint("edge/v1/media/" + media.id())
                : endpoint("edge/v1/manifest").resolve(media.url());
        java.util.List<String> headers = new java.util.ArrayList<>(6);
        headers.addAll(java.util.List.of("Accept", "*/*"));
        if (uri.getHost().equals(base.getHost()) && uri.getPort() == base.getPort()) {
            headers.addAll(java.util.List.of("Authorization", "Bearer " + credential));
        }
        if (partial.received > 0) {
            headers.addAll(java.util.List.of("Range", "bytes=" + partial.received + "-"));
        }
        partial.requested = System.currentTimeMillis();
        partial.firstByte = 0;
        Http11.Response response = http.send("GET", uri, headers.toArray(String[]::new), null, millis(timeout));
        partial.answered = System.currentTimeMillis();
        try (Http11.Response answer = response) {
            InputStream body = answer.body();
            switch (response.status()) {
                case 200 -> partial.reset(); // the whole file: start over
                case 206 -> {
                    String range = response.header("Content-Range").orElse("");
                    if (!range.startsWith("bytes " + partial.received + "-")) {
                        partial.reset();
                        throw new IOException("206 for another range: " + range);
                    }
                }
                case 416 -> {
                    partial.reset();
                    return false;
                }
                default -> throw new IOException("media " + media.id() + ": HTTP " + response.status());
            }
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                if (partial.firstByte == 0) {
                    partial.firstByte = System.currentTimeMillis();
                }
                partial.digest.update(buffer, 0, n);
                partial.received += n;
                partial.bytesFetched += n;
                if (partial.received > media.size()) {
                    partial.reset();
                    throw new Corrupt(media.id() + ": longer than its " + media.size() + " bytes");
                }
            }
        }
        if (partial.received < media.size()) {
            return false;
        }
        String sha = HexFormat.of().formatHex(partial.digest.digest());
        partial.reset();
        if (!sha.equalsIgnoreCase(media.sha256())) {
            throw new Corrupt(media.id() + ": SHA-256 " + sha + " is not the manifest's " + media.sha256());
        }
        return true;
    }

    /** What a box holds of a download in progress: the bytes so far, as the SHA-256 over them. */
    static final class Partial {
        private MessageDigest digest = sha256();
        long received;
        /** Every byte fetched for this media, restarts included: what the network carried. */
        long bytesFetched;
        /**
         * The last attempt's request sent, its headers received and its first body byte (epoch ms, this host's
         * clock as the journal's {@code at}): where the download phase of the time to air goes.
         */
        long requested;

        long answered;
        long firstByte;

        void reset() {
            digest = sha256();
            received = 0;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The file does not match the manifest's size or SHA-256. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static Optional<Instant> httpDate(String header) {
        try {
            return Optional.of(
                    java.time.ZonedDateTime.parse(header, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
