package org.openloa.cms.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.audio.MediaAsset;

/**
 * A device's manifest as encoded once for (plan version, bucket): the JSON before and after the value of
 * {@code serverTime}, which is the only part that changes from one answer to the next. Equal only to itself: the index
 * asks whether it still holds this very one.
 */
final class CachedManifest {

    private final UUID deviceId;
    /** The SHA-256 of the credential it was built for: a poll with another credential (a replaced box) never gets it. */
    private final String credentialHash;

    private final long version;
    private final long bucket;
    private final String etag;
    /** The ETag's bytes, for a poll read as bytes ({@code edge.fast}): compared and written without a String. */
    private final byte[] etagBytes;

    private final byte[] head;
    private final byte[] tail;
    private final ZoneId zone;
    /**
     * The media it lists, by id: what this device may download. Kept with the manifest so that a download
     * ({@link MediaFilter}) needs no database: an asset's bytes never change under its id (its ETag is their SHA-256).
     */
    private final Map<String, MediaAsset> media;
    /**
     * The ids of the items it lists: each was written down as sent to the device ({@link PlannedItems}) before this
     * manifest was kept, so a box's item event naming one needs no database to be known as its own
     * ({@link EdgeApi#events}).
     */
    private final Set<String> itemIds;
    /**
     * Whether {@link ManifestIndex} holds it as its device's current manifest: set before it is put there, cleared
     * after it is replaced, dropped or forgotten. Read on the manifest itself, a poll answered from the credential's
     * memo needs no look-up by device ({@link ManifestIndex#holds}): with 10,000 devices, that look-up's cache misses
     * were a large part of a 304's own work (docs/benchmarks.md, "Edge manifest requests per second").
     */
    private volatile boolean held;

    CachedManifest(
            UUID deviceId,
            String credentialHash,
            long version,
            long bucket,
            String etag,
            byte[] head,
            byte[] tail,
            ZoneId zone,
            Map<String, MediaAsset> media,
            Set<String> itemIds) {
        this.deviceId = deviceId;
        this.credentialHash = credentialHash;
        this.version = version;
        this.bucket = bucket;
        this.etag = etag;
        this.etagBytes = etag.getBytes(StandardCharsets.US_ASCII);
        this.head = head;
        this.tail = tail;
        this.zone = zone;
        this.media = media;
        this.itemIds = itemIds;
    }

    UUID deviceId() {
        return deviceId;
    }

    String credentialHash() {
        return credentialHash;
    }

    long version() {
        return version;
    }

    long bucket() {
        return bucket;
    }

    String etag() {
        return etag;
    }

    byte[] etagBytes() {
        return etagBytes;
    }

    byte[] head() {
        return head;
    }

    byte[] tail() {
        return tail;
    }

    ZoneId zone() {
        return zone;
    }

    Map<String, MediaAsset> media() {
        return media;
    }

    Set<String> itemIds() {
        return itemIds;
    }

    void held(boolean held) {
        this.held = held;
    }

    boolean held() {
        return held;
    }

    /** The ids of the media it lists. */
    Set<String> mediaIds() {
        return media.keySet();
    }

    /** Writes the manifest with the server's clock now, in the zone of the device's area. */
    void writeTo(OutputStream out, Instant now) throws IOException {
        out.write(head);
        out.write(serverTime(now));
        out.write(tail);
    }

    int length(Instant now) {
        return head.length + serverTime(now).length + tail.length;
    }

    private byte[] serverTime(Instant now) {
        return ('"'
                        + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                now.atZone(zone).toOffsetDateTime())
                        + '"')
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@link #matches(String)} for the header's value as bytes {@code [from, to)} of {@code head} ({@code from < 0}:
     * no header): the box's usual If-None-Match, its last ETag alone, is compared as bytes.
     */
    boolean matches(byte[] head, int from, int to) {
        if (from < 0) {
            return false;
        }
        if (Arrays.equals(head, from, to, etagBytes, 0, etagBytes.length)) {
            return true;
        }
        return matches(new String(head, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Whether the box already holds a newer manifest of this device than this one: its If-None-Match names one of our
     * ETags ({@code "m-<plan version>-<hour>"}) with a higher plan version. Another node committed a change that this
     * node's index has not read yet (it reads other nodes' changes once a second): answered from memory, the box would
     * go back to the older plan and, behind round robin, flip between the two nodes' plans, a poll at once after each,
     * until this node caught up. Plan versions only grow, so the node is behind, and the poll takes the ordinary path,
     * which reads the device's version in the database. A version the box made up costs it that read and nothing more.
     */
    boolean olderThanHeldBy(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            if (versionIn(tag.strip()) > version) {
                return true;
            }
        }
        return false;
    }

    /** {@link #olderThanHeldBy(String)} for the header's value as bytes {@code [from, to)} of {@code head}. */
    boolean olderThanHeldBy(byte[] head, int from, int to) {
        return from >= 0 && olderThanHeldBy(new String(head, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** The plan version in one of our ETags ({@code W/} allowed), or -1 when the tag is not one of ours. */
    static long versionIn(String tag) {
        int at = tag.startsWith("W/") ? 2 : 0;
        if (!tag.startsWith("\"m-", at)) {
            return -1;
        }
        int dash = tag.indexOf('-', at + 3);
        return dash < 0 ? -1 : ManifestHotPath.planVersion(tag.substring(at + 3, dash));
    }

    /** RFC 9110 If-None-Match: a list of entity tags (weak comparison for GET), or "*". */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.equals(etag)) {
            return true;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag) || t.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
