package org.openloa.protocol;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * POST /edge/v1/heartbeat: the box's live status. A box queues heartbeats while offline and sends them
 * when the link returns, so the server may receive old ones: {@code at} tells when, {@code id} lets it
 * store each once.
 *
 * @param id              a UUID made by the box, stable across re-sends
 * @param at              when the box took this status (by its corrected clock)
 * @param playingItemId   the item playing, or null
 * @param volume          the device volume in percent
 * @param freeBytes       free space where the box keeps its cache
 * @param agentVersion    the agent's version
 * @param uptimeS         seconds since the agent started
 * @param cacheComplete   whether every media of the items not yet ended is cached and verified
 * @param clockSkewMs     server clock minus the box's own clock, as the box estimates it
 * @param manifestVersion the version of the manifest the box is playing, or null before the first
 * @param commandsDone    ids of commands the box has run (recent ones, repeated until they age out)
 * @param mediaErrors     media the box could not get right, e.g. a download that failed its SHA-256
 */
public record Heartbeat(
        String id,
        OffsetDateTime at,
        String playingItemId,
        int volume,
        long freeBytes,
        String agentVersion,
        long uptimeS,
        boolean cacheComplete,
        long clockSkewMs,
        String manifestVersion,
        List<String> commandsDone,
        List<MediaError> mediaErrors) {

    public Heartbeat {
        Checks.text(id, "id");
        Checks.present(at, "at");
        Checks.volume(volume, "volume");
        Checks.text(agentVersion, "agentVersion");
        commandsDone = Checks.list(commandsDone, "commandsDone");
        mediaErrors = Checks.list(mediaErrors, "mediaErrors");
    }

    /**
     * A media file the box cannot use yet.
     *
     * @param mediaId the media id
     * @param reason  why, e.g. "sha256 mismatch" or "HTTP 404"
     * @param at      when it last failed
     */
    public record MediaError(String mediaId, String reason, OffsetDateTime at) {

        public MediaError {
            Checks.text(mediaId, "mediaErrors.mediaId");
            Checks.text(reason, "mediaErrors.reason");
            Checks.present(at, "mediaErrors.at");
        }
    }
}
