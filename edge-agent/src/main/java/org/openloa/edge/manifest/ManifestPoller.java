package org.openloa.edge.manifest;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.Reply;

/** One GET /edge/v1/manifest with If-None-Match; feeds the answer's serverTime to the clock. */
public final class ManifestPoller {

    private final CmsLink link;
    private final org.openloa.edge.link.ServerClock clock;

    public ManifestPoller(CmsLink link, org.openloa.edge.link.ServerClock clock) {
        this.link = link;
        this.clock = clock;
    }

    public sealed interface Result permits Changed, Unchanged {}

    /** 200: a new manifest, its bytes as sent (to store) and its ETag (null if the server sent none). */
    public record Changed(ManifestReader.Parsed parsed, byte[] body, String etag) implements Result {}

    /** 304: the plan held is current. */
    public record Unchanged() implements Result {}

    /**
     * @param etag the ETag of the manifest held, or null
     * @throws CredentialRejected on 401 or 403
     * @throws IOException        on any other failure, including an unusable manifest
     */
    public Result poll(String etag) throws IOException, InterruptedException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        Reply<byte[]> reply = link.get(link.endpoint("edge/v1/manifest"), headers);
        if (reply.status() == 304) {
            return new Unchanged();
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new CredentialRejected("the server refused this device's credential (HTTP " + reply.status()
                    + "); delete credential.json and set a new enrollment.code to enrol again");
        }
        if (reply.status() != 200) {
            throw new IOException("manifest: HTTP " + reply.status());
        }
        ManifestReader.Parsed parsed = ManifestReader.read(reply.body());
        clock.observeServerTime(parsed.manifest().serverTime().toInstant(), reply.sent(), reply.received());
        return new Changed(parsed, reply.body(), reply.header("ETag").orElse(null));
    }
}
