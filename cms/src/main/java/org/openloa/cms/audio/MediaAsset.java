package org.openloa.cms.audio;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A stored piece of audio. Immutable: new audio is a new asset, so what refers to one never hears a change. */
@Entity
@Table(name = "media_asset")
public class MediaAsset {

    /** ORIGINAL: as uploaded or synthesised; DELIVERY: normalised and encoded for the devices. */
    public enum Role {
        ORIGINAL,
        DELIVERY
    }

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    private Role role;

    @Column(name = "storage_key")
    private String storageKey;

    private String sha256;

    @Column(name = "size_bytes")
    private long sizeBytes;

    @Column(name = "mime_type")
    private String mimeType;

    @Column(name = "duration_ms")
    private Long durationMs;

    @Column(name = "loudness_lufs")
    private Double loudnessLufs;

    private String peaks;

    @Column(name = "original_filename")
    private String originalFilename;

    @Column(name = "created_at")
    private Instant createdAt;

    protected MediaAsset() {}

    MediaAsset(
            UUID id,
            Role role,
            String storageKey,
            String sha256,
            long sizeBytes,
            String mimeType,
            Long durationMs,
            Double loudnessLufs,
            String peaks,
            String originalFilename,
            Instant createdAt) {
        this.id = id;
        this.role = role;
        this.storageKey = storageKey;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.mimeType = mimeType;
        this.durationMs = durationMs;
        this.loudnessLufs = loudnessLufs;
        this.peaks = peaks;
        this.originalFilename = originalFilename;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public Role role() {
        return role;
    }

    /** The key in the media store. */
    public String storageKey() {
        return storageKey;
    }

    /** Lower-case hex SHA-256 of the bytes: what devices verify a download against. */
    public String sha256() {
        return sha256;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public String mimeType() {
        return mimeType;
    }

    /** Known for delivery assets. */
    public Long durationMs() {
        return durationMs;
    }

    /**
     * Integrated loudness, LUFS: of a delivery asset, measured after encoding (what the loudspeakers play); of an
     * original, measured on the upload as it came, once it was processed (null for originals of older versions).
     */
    public Double loudnessLufs() {
        return loudnessLufs;
    }

    /** The original's loudness as measured while it was processed. */
    void measured(Double lufs) {
        this.loudnessLufs = lufs;
    }

    /** Waveform peaks 0..1 as comma-separated numbers, for the editor's preview. */
    public String peaks() {
        return peaks;
    }

    /** The uploader's file name, shown to people, never used as a path. */
    public String originalFilename() {
        return originalFilename;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
