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
 * @param upgrade         how the last UPGRADE command went, or null if the box never had one (older agents
 *                        do not send it)
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
        List<MediaError> mediaErrors,
        Upgrade upgrade) {

    public Heartbeat {
        Checks.text(id, "id");
        Checks.present(at, "at");
        Checks.volume(volume, "volume");
        Checks.text(agentVersion, "agentVersion");
        commandsDone = Checks.list(commandsDone, "commandsDone");
        mediaErrors = Checks.list(mediaErrors, "mediaErrors");
    }

    /** A heartbeat without an upgrade report (what agents before UPGRADE sent). */
    public Heartbeat(
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
        this(
                id,
                at,
                playingItemId,
                volume,
                freeBytes,
                agentVersion,
                uptimeS,
                cacheComplete,
                clockSkewMs,
                manifestVersion,
                commandsDone,
                mediaErrors,
                null);
    }

    /**
     * The last remote upgrade, as the box saw it.
     *
     * @param state   {@link UpgradeState}
     * @param version the version it was asked to install
     * @param detail  why it was refused or rolled back, or null
     * @param at      when the state was reached
     */
    public record Upgrade(UpgradeState state, String version, String detail, OffsetDateTime at) {

        public Upgrade {
            Checks.present(state, "upgrade.state");
            Checks.text(version, "upgrade.version");
            Checks.present(at, "upgrade.at");
        }
    }

    /** Where a remote upgrade stands on the box. */
    public enum UpgradeState {
        /** Downloaded and verified; the new version is starting and has not polled yet. */
        UPGRADING,
        /** The new version runs and has polled. */
        UPGRADED,
        /** Not installed: a bad argument, a failed download or a SHA-256 that did not match. */
        REFUSED,
        /** The new version did not poll within its trial; the box went back to the previous one. */
        ROLLED_BACK
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
