package org.openloa.edge.manifest;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.Reply;

/**
 * One GET /edge/v1/manifest with If-None-Match; feeds the answer's serverTime to the clock. With a wait, it
 * is a long poll ({@code Prefer: wait=N}, RFC 7240): a server that honours it says so with
 * {@code Preference-Applied} and holds the request until the plan changes or the wait ends.
 */
public final class ManifestPoller {

    /** A held poll answered within this long can still time the clock (error at most half of it). */
    static final Duration QUICK_ANSWER = Duration.ofMillis(250);

    private final CmsLink link;
    private final org.openloa.edge.link.ServerClock clock;

    public ManifestPoller(CmsLink link, org.openloa.edge.link.ServerClock clock) {
        this.link = link;
        this.clock = clock;
    }

    public sealed interface Result permits Changed, Unchanged {
        /** Whether the server honoured the long poll (Preference-Applied: wait): then poll again at once. */
        boolean held();
    }

    /** 200: a new manifest, its bytes as sent (to store) and its ETag (null if the server sent none). */
    public record Changed(ManifestReader.Parsed parsed, byte[] body, String etag, boolean held) implements Result {}

    /** 304: the plan held is current. */
    public record Unchanged(boolean held) implements Result {}

    /** A plain poll, not held. */
    public Result poll(String etag) throws IOException, InterruptedException {
        return poll(etag, Duration.ZERO);
    }

    /**
     * @param etag the ETag of the manifest held, or null
     * @param wait how long the server may hold the poll; zero for none. Only a poll with an ETag is held
     *             (without one the server has something new at once)
     * @throws CredentialRejected on 401 or 403
     * @throws IOException        on any other failure, including an unusable manifest
     */
    public Result poll(String etag, Duration wait) throws IOException, InterruptedException {
        return poll(etag, wait, false);
    }

    /**
     * @param revalidate the poll answers a wake: {@code Cache-Control: no-cache} asks whichever node answers to
     *                   check the plan in its database rather than answer from what it holds in memory, which may
     *                   not have seen the change yet (docs/edge-protocol.md); such a poll is never held
     */
    public Result poll(String etag, Duration wait, boolean revalidate) throws IOException, InterruptedException {
        return poll(etag, wait, revalidate, null);
    }

    /**
     * @param planVersion the plan version the wake announced (null when it did not): sent as
     *                    {@code OpenLoa-Plan-Version}, so a node that already holds it answers at once
     */
    public Result poll(String etag, Duration wait, boolean revalidate, Long planVersion)
            throws IOException, InterruptedException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        if (revalidate) {
            headers.put("Cache-Control", "no-cache");
            if (planVersion != null) {
                headers.put("OpenLoa-Plan-Version", Long.toString(planVersion));
            }
            wait = Duration.ZERO;
        }
        boolean holdable = etag != null && !wait.isZero() && !wait.isNegative();
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        Reply<byte[]> reply;
        if (holdable) {
            headers.put("Prefer", "wait=" + wait.toSeconds());
            reply = link.getHeld(link.endpoint("edge/v1/manifest"), headers, wait);
        } else {
            reply = link.get(link.endpoint("edge/v1/manifest"), headers);
        }
        boolean held = holdable && applied(reply);
        if (reply.status() == 304) {
            return new Unchanged(held);
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new CredentialRejected("the server refused this device's credential (HTTP " + reply.status()
                    + "); delete credential.json and set a new enrollment.code to enrol again");
        }
        if (reply.status() != 200) {
            throw new IOException("manifest: HTTP " + reply.status());
        }
        ManifestReader.Parsed parsed = ManifestReader.read(reply.body());
        // A held poll's serverTime is stamped when the server answers, at the end of the hold, not in the middle
        // of the round trip: it says something about the clock only when the answer came back quickly.
        if (!holdable || Duration.between(reply.sent(), reply.received()).compareTo(QUICK_ANSWER) <= 0) {
            clock.observeServerTime(parsed.manifest().serverTime().toInstant(), reply.sent(), reply.received());
        }
        return new Changed(parsed, reply.body(), reply.header("ETag").orElse(null), held);
    }

    /** Whether the answer says the server applied our wait preference. */
    private static boolean applied(Reply<?> reply) {
        return reply.allValues("Preference-Applied").stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT))
                .anyMatch(v -> v.startsWith("wait"));
    }
}
