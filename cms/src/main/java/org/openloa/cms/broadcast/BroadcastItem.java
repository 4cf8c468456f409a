package org.openloa.cms.broadcast;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.UUID;

/** One bulletin of a broadcast's playlist, with the delivery audio and its length as saved. */
@Embeddable
public class BroadcastItem {

    @Column(name = "bulletin_id")
    private UUID bulletinId;

    @Column(name = "media_asset_id")
    private UUID mediaAssetId;

    @Column(name = "duration_ms")
    private long durationMs;

    private String title;

    protected BroadcastItem() {}

    BroadcastItem(UUID bulletinId, UUID mediaAssetId, long durationMs, String title) {
        this.bulletinId = bulletinId;
        this.mediaAssetId = mediaAssetId;
        this.durationMs = durationMs;
        this.title = title;
    }

    public UUID bulletinId() {
        return bulletinId;
    }

    public UUID mediaAssetId() {
        return mediaAssetId;
    }

    public long durationMs() {
        return durationMs;
    }

    public String title() {
        return title;
    }
}
