package org.openloa.cms.live;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The streaming engine (openloa.stream.*, docs/live.md). Without {@code icecastUrl} cms serves each live mount
 * itself (the embedded mount, for a handful of boxes); with it, cms forwards what the source sends to that Icecast
 * server as its source, and the boxes listen there.
 *
 * @param icecastUrl       the Icecast server cms pushes to, e.g. http://127.0.0.1:8000; absent: embedded
 * @param icecastUsername  the source user of that server ("source")
 * @param icecastPassword  the source password of that server ({@code <source-password>}); never logged
 * @param icecastListenUrl where the boxes reach that server, if not at {@code icecastUrl}
 * @param publicUrl        where boxes and encoders reach cms (embedded listen URLs, ingest URLs); absent: the
 *                         address the request that started the session came to
 * @param silence          a session whose source carries no sound for this long ends by itself (and one whose
 *                         source never connects, this long after it was started)
 * @param silenceDb        below this peak level (dBFS, default -50) the source counts as silent even while it sends
 *                         bytes (an encoder with its mixer down); -100 or lower: only "no bytes" is silence
 * @param maxLength        the longest a session lasts: the ceiling of its slot on the boxes
 * @param maxListeners     the most boxes one embedded mount serves at once; more need Icecast
 * @param burstBytes       what a box joining an embedded mount is sent at once from what came in last, so its
 *                         decoder starts without waiting (each KiB is about 0.13 s at 64 kbit/s)
 */
@ConfigurationProperties("openloa.stream")
record StreamProperties(
        URI icecastUrl,
        String icecastUsername,
        String icecastPassword,
        URI icecastListenUrl,
        URI publicUrl,
        Duration silence,
        Double silenceDb,
        Duration maxLength,
        Integer maxListeners,
        Integer burstBytes) {

    StreamProperties {
        icecastUsername = icecastUsername == null || icecastUsername.isBlank() ? "source" : icecastUsername;
        silence = silence == null ? Duration.ofSeconds(30) : silence;
        silenceDb = silenceDb == null ? -50.0 : silenceDb;
        maxLength = maxLength == null ? Duration.ofHours(4) : maxLength;
        maxListeners = maxListeners == null ? 20 : maxListeners;
        burstBytes = burstBytes == null ? 8192 : burstBytes;
        if (icecastUrl != null && (icecastPassword == null || icecastPassword.isBlank())) {
            throw new IllegalArgumentException("openloa.stream.icecast-password is needed with icecast-url");
        }
    }

    boolean icecast() {
        return icecastUrl != null;
    }

    /** The Icecast server as the boxes reach it. */
    URI icecastListen() {
        return icecastListenUrl != null ? icecastListenUrl : icecastUrl;
    }

    @Override
    public String toString() {
        return "StreamProperties[icecastUrl=" + icecastUrl + ", icecastListenUrl=" + icecastListenUrl + ", publicUrl="
                + publicUrl + ", silence=" + silence + ", maxLength=" + maxLength + "]";
    }
}
