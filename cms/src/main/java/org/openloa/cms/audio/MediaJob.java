package org.openloa.cms.audio;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** One piece of audio processing: queued, running with progress 0..1, then succeeded or failed. */
@Entity
@Table(name = "media_job")
public class MediaJob {

    public enum Kind {
        UPLOAD,
        TTS
    }

    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    @Id
    private UUID id;

    @Column(name = "bulletin_id")
    private UUID bulletinId;

    @Column(name = "area_path")
    private String areaPath;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Enumerated(EnumType.STRING)
    private State state;

    /** Kept so that a job resumed after a restart takes its lane again: an emergency's never waits behind routine. */
    @Enumerated(EnumType.STRING)
    private Urgency urgency;

    private double progress;

    @Column(name = "source_asset_id")
    private UUID sourceAssetId;

    @Column(name = "tts_voice")
    private String ttsVoice;

    @Column(name = "tts_rate")
    private Integer ttsRate;

    @Column(name = "tts_text")
    private String ttsText;

    @Column(name = "error_code")
    private String errorCode;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    /** The cms node (ClusterNodes) running it, while it runs. */
    @Column(name = "node_id")
    private UUID nodeId;

    /** How often a node has started it. */
    private int attempts;

    @Version
    private long version;

    protected MediaJob() {}

    MediaJob(
            UUID bulletinId,
            String areaPath,
            Kind kind,
            UUID sourceAssetId,
            String ttsText,
            String ttsVoice,
            Integer ttsRate,
            String createdBy,
            Urgency urgency,
            Instant now) {
        this.ttsText = ttsText;
        this.urgency = urgency;
        this.id = UUID.randomUUID();
        this.bulletinId = bulletinId;
        this.areaPath = areaPath;
        this.kind = kind;
        this.state = State.QUEUED;
        this.sourceAssetId = sourceAssetId;
        this.ttsVoice = ttsVoice;
        this.ttsRate = ttsRate;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void start(Instant now) {
        state = State.RUNNING;
        progress = 0;
        updatedAt = now;
    }

    void progress(double fraction, Instant now) {
        progress = Math.max(progress, Math.min(1, fraction));
        updatedAt = now;
    }

    void succeed(UUID sourceAssetId, Instant now) {
        this.sourceAssetId = sourceAssetId;
        state = State.SUCCEEDED;
        progress = 1;
        updatedAt = now;
    }

    /** The source was refused and removed: nothing of it is kept, not even the reference. */
    void forgetSource() {
        sourceAssetId = null;
    }

    /** Its node died while it ran: back in the queue for another try. */
    void requeue(Instant now) {
        state = State.QUEUED;
        progress = 0;
        nodeId = null;
        updatedAt = now;
    }

    UUID nodeId() {
        return nodeId;
    }

    int attempts() {
        return attempts;
    }

    long version() {
        return version;
    }

    void fail(String errorCode, Instant now) {
        state = State.FAILED;
        this.errorCode = errorCode;
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID bulletinId() {
        return bulletinId;
    }

    public String areaPath() {
        return areaPath;
    }

    public Kind kind() {
        return kind;
    }

    public State state() {
        return state;
    }

    Urgency urgency() {
        return urgency;
    }

    public double progress() {
        return progress;
    }

    UUID sourceAssetId() {
        return sourceAssetId;
    }

    String ttsVoice() {
        return ttsVoice;
    }

    Integer ttsRate() {
        return ttsRate;
    }

    String ttsText() {
        return ttsText;
    }

    /** Why it failed: a stable code such as NOT_AUDIO or TRUNCATED (media.refusal.* messages). */
    public String errorCode() {
        return errorCode;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
