package org.openloa.cms.edge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The edge API (/edge/v1).
 *
 * @param lookAhead           how far past the current hour bucket the manifest's plan reaches
 * @param lookBehind          how far before the bucket's start it reaches (items that just started, or a
 *                            box that polls late, still find what plays now)
 * @param bucket              the manifest's window moves in steps of this length, and its ETag with it, so
 *                            the same ETag always means the same document
 * @param heartbeatSeconds    the heartbeat interval the manifest asks of boxes
 * @param refreshInterval     how often each node reads device_plan for versions changed on any node, to drop
 *                            cached manifests
 * @param refreshOverlap      each read looks this far back before the previous one, for transactions that
 *                            committed late and for clock differences between nodes
 * @param fullCheckInterval   how often each node compares every cached manifest with device_plan (a safety
 *                            net beyond the overlap)
 * @param mediaUrlExpiry      how long a presigned media URL in a manifest stays valid; longer than the bucket,
 *                            since a box may hold a manifest (answered 304) until the bucket ends
 * @param purgeMemory         media a device was told about within this long, and no longer needs, is listed
 *                            in the manifest's purge
 * @param enrollFailures      failed enrolments from one address within {@code enrollWindow} before it is
 *                            refused with 429 for the rest of the window
 * @param enrollWindow        see {@code enrollFailures}
 * @param maxWait             the longest a manifest poll with {@code Prefer: wait=N} is held (N is cut to this)
 * @param maxHeldPolls        how many polls one node holds at once; beyond it a poll is answered at once,
 *                            without Preference-Applied (each held poll costs a connection, no thread)
 * @param withdrawnMemory     how long after it was taken off air an item is listed in the manifest's withdrawn[]
 * @param reportConnections   how many of the boxes' reports (heartbeats and play logs) hold a database
 *                            connection at once on a node; the rest wait their turn. Unset: the connection pool's
 *                            size less 4, which stay free for the manifests' look and builds and for the operators
 * @param reportPatience      how long a report waits for its turn before it is answered 503 with Retry-After (the
 *                            box sends it again from its outbox)
 */
@ConfigurationProperties("openloa.edge")
record EdgeProperties(
        Duration lookAhead,
        Duration lookBehind,
        Duration bucket,
        Integer heartbeatSeconds,
        Duration refreshInterval,
        Duration refreshOverlap,
        Duration fullCheckInterval,
        Duration mediaUrlExpiry,
        Duration purgeMemory,
        Integer enrollFailures,
        Duration enrollWindow,
        Duration maxWait,
        Integer maxHeldPolls,
        Duration withdrawnMemory,
        Integer reportConnections,
        Duration reportPatience) {

    EdgeProperties {
        lookAhead = lookAhead == null ? Duration.ofHours(48) : lookAhead;
        lookBehind = lookBehind == null ? Duration.ofMinutes(15) : lookBehind;
        bucket = bucket == null ? Duration.ofHours(1) : bucket;
        heartbeatSeconds = heartbeatSeconds == null ? 60 : heartbeatSeconds;
        refreshInterval = refreshInterval == null ? Duration.ofSeconds(1) : refreshInterval;
        refreshOverlap = refreshOverlap == null ? Duration.ofMinutes(1) : refreshOverlap;
        fullCheckInterval = fullCheckInterval == null ? Duration.ofMinutes(1) : fullCheckInterval;
        mediaUrlExpiry = mediaUrlExpiry == null ? bucket.plusHours(1) : mediaUrlExpiry;
        purgeMemory = purgeMemory == null ? Duration.ofDays(7) : purgeMemory;
        enrollFailures = enrollFailures == null ? 10 : enrollFailures;
        enrollWindow = enrollWindow == null ? Duration.ofMinutes(15) : enrollWindow;
        maxWait = maxWait == null ? Duration.ofSeconds(60) : maxWait;
        maxHeldPolls = maxHeldPolls == null ? 10_000 : maxHeldPolls;
        withdrawnMemory = withdrawnMemory == null ? Duration.ofHours(6) : withdrawnMemory;
        reportPatience = reportPatience == null ? Duration.ofSeconds(30) : reportPatience;
        if (reportConnections != null && reportConnections < 1) {
            throw new IllegalArgumentException("openloa.edge.report-connections must be at least 1");
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("openloa.edge.max-wait must be between 0 and 5 minutes, was " + maxWait);
        }
        if (bucket.toMillis() < 1000 || Duration.ofDays(1).toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("openloa.edge.bucket must divide a day into whole steps, was " + bucket);
        }
        if (mediaUrlExpiry.compareTo(bucket) <= 0) {
            throw new IllegalArgumentException("openloa.edge.media-url-expiry must be longer than openloa.edge.bucket");
        }
        if (heartbeatSeconds < 1) {
            throw new IllegalArgumentException("openloa.edge.heartbeat-seconds must be at least 1");
        }
    }
}
