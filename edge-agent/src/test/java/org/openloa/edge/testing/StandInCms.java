package org.openloa.edge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.protocol.EnrollRequest;
import org.openloa.protocol.EnrollResponse;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.PlayLog;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for cms's /edge/v1 endpoints (cms does not serve them yet), on the JDK's HTTP server over
 * real sockets: enrolment codes that work once, bearer checks, the manifest behind an ETag (304 on
 * If-None-Match), media with Range, and idempotent-by-id heartbeats and play logs. It can also misbehave
 * on purpose: cut a download mid-file, stall one, hold one until the test releases it, refuse deliveries.
 * <p>
 * Long polls ({@code Prefer: wait=N}) are held as cms holds them only after {@link #holdPolls(boolean)}:
 * by default it answers at once without {@code Preference-Applied}, as a server before long polls did.
 */
public final class StandInCms implements AutoCloseable {

    /**
     * cms reads and writes the protocol's records with Jackson's databind, so the stand-in does too: the agent's
     * own binding (support.Json, on Jackson's streaming core) is checked against it in every exchange.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** A request as it arrived; header names lower-case. */
    public record Request(String method, String path, Map<String, String> headers) {}

    private record Device(String deviceId, String credential) {}

    private record Misbehaviour(int afterBytes, Duration stall) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Device> codes = new ConcurrentHashMap<>();
    private final Map<String, Device> credentials = new ConcurrentHashMap<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Map<String, Misbehaviour> misbehaviours = new ConcurrentHashMap<>();
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<PlayLog> playLogs = new CopyOnWriteArrayList<>();
    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private final List<ItemEvent> events = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<Manifest> staleNext =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Map<String, CountDownLatch> heldMedia = new ConcurrentHashMap<>();
    private final Object manifestChanged = new Object();
    private final AtomicInteger pollsHeld = new AtomicInteger();
    private volatile Manifest manifest;
    private volatile int deliveryStatus = 200;
    private volatile int eventsStatus = 204;
    private volatile boolean holdPolls;

    private StandInCms(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/edge/v1/enroll", this::enroll);
        server.createContext("/edge/v1/manifest", this::manifest);
        server.createContext("/edge/v1/media/", this::media);
        server.createContext("/edge/v1/heartbeat", this::heartbeat);
        server.createContext("/edge/v1/playlogs", this::playlogs);
        server.createContext("/edge/v1/events", this::events);
        server.start();
    }

    public static StandInCms start() throws IOException {
        return new StandInCms(0);
    }

    /** On a given port, e.g. to come back where an agent expects the server after an outage. */
    public static StandInCms start(int port) throws IOException {
        return new StandInCms(port);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A device whose enrolment code works once. */
    public StandInCms device(String code, String deviceId, String credential) {
        codes.put(code, new Device(deviceId, credential));
        return this;
    }

    /** A device already enrolled (its credential stored on the box). */
    public StandInCms enrolled(String deviceId, String credential) {
        credentials.put(credential, new Device(deviceId, credential));
        return this;
    }

    /** The manifest to serve; its ETag is its version, its serverTime the moment it is served. */
    public StandInCms manifest(Manifest manifest) {
        synchronized (manifestChanged) {
            this.manifest = manifest;
            manifestChanged.notifyAll();
        }
        return this;
    }

    /** Whether to honour {@code Prefer: wait=N}: hold a poll whose ETag is current until the plan changes. */
    public StandInCms holdPolls(boolean hold) {
        this.holdPolls = hold;
        return this;
    }

    /** How many polls are being held right now. */
    public int pollsHeld() {
        return pollsHeld.get();
    }

    /** Downloads of {@code id} send their headers, then nothing until {@link #release(String)}. */
    public StandInCms holdMedia(String id) {
        heldMedia.put(id, new CountDownLatch(1));
        return this;
    }

    public StandInCms release(String id) {
        CountDownLatch latch = heldMedia.remove(id);
        if (latch != null) {
            latch.countDown();
        }
        return this;
    }

    /**
     * The next manifest request is answered from {@code stale}, as a cms node that has not yet seen the change
     * (or a box woken a moment before the change was visible) would.
     */
    public StandInCms staleOnce(Manifest stale) {
        staleNext.set(stale);
        return this;
    }

    /** The status POST /events answers with: 204 stores them; 404 plays a server from before item events. */
    public StandInCms events(int status) {
        this.eventsStatus = status;
        return this;
    }

    /** Every item event received, a re-sent one as often as it arrived. */
    public List<ItemEvent> events() {
        return List.copyOf(events);
    }

    public StandInCms media(String id, byte[] bytes) {
        media.put(id, bytes);
        return this;
    }

    /** Downloads of {@code id} answer 302 to {@code location}, as cms does for media in an object store. */
    public StandInCms redirect(String id, URI location) {
        redirects.put(id, location);
        return this;
    }

    /** The next download of {@code id} sends its full length as Content-Length, then drops the connection. */
    public StandInCms cutOnce(String id, int afterBytes) {
        misbehaviours.put(id, new Misbehaviour(afterBytes, null));
        return this;
    }

    /** The next download of {@code id} sends some bytes, then nothing for {@code stall}. */
    public StandInCms stallOnce(String id, int afterBytes, Duration stall) {
        misbehaviours.put(id, new Misbehaviour(afterBytes, stall));
        return this;
    }

    /** The status POST /heartbeat and /playlogs answer with (200 stores them; anything else does not). */
    public StandInCms deliveries(int status) {
        this.deliveryStatus = status;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Every play log received, a re-sent one as often as it arrived. */
    public List<PlayLog> playLogs() {
        return List.copyOf(playLogs);
    }

    public List<Heartbeat> heartbeats() {
        return List.copyOf(heartbeats);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void enroll(HttpExchange exchange) throws IOException {
        record(exchange);
        EnrollRequest request = MAPPER.readValue(exchange.getRequestBody(), EnrollRequest.class);
        Device device = codes.remove(request.enrollmentCode());
        if (device == null) {
            problem(exchange, 409, "enrollment-code-used", "This enrolment code is unknown or was used already");
            return;
        }
        credentials.put(device.credential(), device);
        json(exchange, 200, MAPPER.writeValueAsBytes(new EnrollResponse(device.deviceId(), device.credential())), null);
    }

    private void manifest(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!authorised(exchange)) {
            return;
        }
        Manifest current = manifest;
        Manifest stale = staleNext.getAndSet(null);
        if (stale != null) {
            current = stale;
        }
        if (current == null) {
            problem(exchange, 404, "no-manifest", "no manifest yet");
            return;
        }
        String etag = "\"" + current.version() + "\"";
        String asked = exchange.getRequestHeaders().getFirst("If-None-Match");
        Matcher prefer = Pattern.compile("wait=(\\d+)")
                .matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Prefer")));
        if (holdPolls && prefer.find() && etag.equals(asked)) {
            long wait = Math.min(60, Long.parseLong(prefer.group(1)));
            exchange.getResponseHeaders().set("Preference-Applied", "wait=" + wait);
            current = hold(current, Duration.ofSeconds(wait));
            etag = "\"" + current.version() + "\"";
        }
        if (etag.equals(asked)) {
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        Manifest served = new Manifest(
                current.version(),
                OffsetDateTime.now(ZoneOffset.UTC),
                current.pollSeconds(),
                current.settings(),
                current.items(),
                current.media(),
                current.purge(),
                current.commands(),
                current.withdrawn());
        json(exchange, 200, MAPPER.writeValueAsBytes(served), etag);
    }

    /** Waits until the manifest is no longer {@code held} or {@code wait} has passed; returns the one to serve. */
    private Manifest hold(Manifest held, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        pollsHeld.incrementAndGet();
        try {
            synchronized (manifestChanged) {
                while (manifest.version().equals(held.version())) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        break;
                    }
                    manifestChanged.wait(left);
                }
                return manifest;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return manifest;
        } finally {
            pollsHeld.decrementAndGet();
        }
    }

    private void media(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!authorised(exchange)) {
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/edge/v1/media/".length());
        if (redirects.containsKey(id)) {
            exchange.getResponseHeaders().set("Location", redirects.get(id).toString());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        byte[] bytes = media.get(id);
        if (bytes == null) {
            problem(exchange, 404, "no-media", "no media " + id);
            return;
        }
        long from = 0;
        long to = bytes.length - 1;
        int status = 200;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher matcher = RANGE.matcher(range);
            if (matcher.matches()) {
                from = Long.parseLong(matcher.group(1));
                if (!matcher.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(matcher.group(2)));
                }
                if (from >= bytes.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                    exchange.sendResponseHeaders(416, -1);
                    exchange.close();
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
            }
        }
        byte[] body = Arrays.copyOfRange(bytes, (int) from, (int) to + 1);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
        exchange.sendResponseHeaders(status, body.length);
        CountDownLatch held = heldMedia.get(id);
        if (held != null) {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("stand-in cms: stopped while holding media " + id);
            }
        }
        Misbehaviour misbehaviour = misbehaviours.remove(id);
        OutputStream out = exchange.getResponseBody();
        if (misbehaviour == null) {
            out.write(body);
            out.close();
            return;
        }
        int sent = Math.min(misbehaviour.afterBytes(), body.length);
        out.write(body, 0, sent);
        out.flush();
        if (misbehaviour.stall() != null) {
            try {
                Thread.sleep(misbehaviour.stall().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // An exception out of a handler makes the JDK's server close the socket: the connection drops
        // mid-body, fewer bytes than Content-Length, as when a 3G link goes.
        throw new IOException("stand-in cms: connection cut on purpose after " + sent + " bytes");
    }

    private void heartbeat(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!authorised(exchange)) {
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (deliveryStatus != 200) {
            problem(exchange, deliveryStatus, "unavailable", "not now");
            return;
        }
        heartbeats.add(MAPPER.readValue(body, Heartbeat.class));
        json(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8), null);
    }

    private void playlogs(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!authorised(exchange)) {
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (deliveryStatus != 200) {
            problem(exchange, deliveryStatus, "unavailable", "not now");
            return;
        }
        PlayLog[] batch = MAPPER.readValue(body, PlayLog[].class);
        if (batch.length > 50) {
            problem(exchange, 413, "batch-too-large", "at most 50 play logs per request");
            return;
        }
        playLogs.addAll(List.of(batch));
        json(exchange, 200, ("{\"accepted\":" + batch.length + "}").getBytes(StandardCharsets.UTF_8), null);
    }

    private void events(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!authorised(exchange)) {
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (eventsStatus / 100 != 2) {
            problem(exchange, eventsStatus, "no-events", "not here");
            return;
        }
        if (deliveryStatus != 200) {
            problem(exchange, deliveryStatus, "unavailable", "not now");
            return;
        }
        ItemEvent[] batch = MAPPER.readValue(body, ItemEvent[].class);
        if (batch.length > 50) {
            problem(exchange, 413, "batch-too-large", "at most 50 events per request");
            return;
        }
        events.addAll(List.of(batch));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Bearer ") && credentials.containsKey(header.substring(7))) {
            return true;
        }
        exchange.getRequestBody().readAllBytes();
        problem(exchange, 401, "unauthorized", "no valid device credential");
        return false;
    }

    private void record(HttpExchange exchange) {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        requests.add(new Request(
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(headers)));
    }

    private static void problem(HttpExchange exchange, int status, String code, String title) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        byte[] body = ("{\"type\":\"urn:openloa:problem:" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void json(HttpExchange exchange, int status, byte[] body, String etag) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** For assertions: every play log id with how often it arrived. */
    public Map<String, Long> playLogReceipts() {
        Map<String, Long> receipts = new ConcurrentHashMap<>();
        for (PlayLog log : new ArrayList<>(playLogs)) {
            receipts.merge(log.id(), 1L, Long::sum);
        }
        return receipts;
    }
}
