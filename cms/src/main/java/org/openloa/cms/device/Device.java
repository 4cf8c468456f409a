package org.openloa.cms.device;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A loudspeaker cluster or IP radio box. Settings are what the operator chooses; the live status is what the
 * device last reported (written by the edge API), and the status shown is derived from it with the clock.
 *
 * <p>Dynamic updates: the edge API writes the live status and the credential with single SQL statements (a
 * heartbeat only if it is newer than the stored one, an enrolment only if the code is unused), so saving an
 * operator's change must write only the columns it changed, never stale copies of those.
 */
@Entity
@Table(name = "device")
@DynamicUpdate
public class Device {

    /** A device is offline when it has not been heard from for this many poll intervals. */
    public static final int MISSED_POLLS_BEFORE_OFFLINE = 3;

    public static final int DEFAULT_VOLUME = 80;
    public static final int DEFAULT_POLL_SECONDS = 60;

    @Id
    private UUID id;

    @Column(name = "area_id")
    private UUID areaId;

    @Column(name = "area_path")
    private String areaPath;

    private String name;
    private Double lat;
    private Double lon;
    private int volume;

    @Column(name = "poll_seconds")
    private int pollSeconds;

    @Column(name = "quiet_hours")
    private String quietHours;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "device_tag", joinColumns = @JoinColumn(name = "device_id"))
    @Column(name = "tag")
    @BatchSize(size = 1000)
    private Set<String> tags = new TreeSet<>();

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    // Enrolment: only hashes are stored.
    @Column(name = "credential_hash")
    private String credentialHash;

    @Column(name = "enrollment_code_hash")
    private String enrolmentCodeHash;

    @Column(name = "enrollment_expires_at")
    private Instant enrolmentExpiresAt;

    @Column(name = "hardware_id")
    private String hardwareId;

    @Column(name = "enrolled_at")
    private Instant enrolledAt;

    @Column(name = "enrollment_used_at")
    private Instant enrolmentUsedAt;

    // Live status, as the last heartbeat reported it (the offline job sets offline_since).
    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "offline_since")
    private Instant offlineSince;

    @Column(name = "playing_item_id")
    private String playingItemId;

    @Column(name = "agent_version")
    private String agentVersion;

    @Column(name = "free_bytes")
    private Long freeBytes;

    @Column(name = "cache_complete")
    private Boolean cacheComplete;

    @Column(name = "reported_volume")
    private Integer reportedVolume;

    @Column(name = "uptime_seconds")
    private Long uptimeSeconds;

    @Column(name = "signal_quality")
    private Integer signalQuality;
    /** Written by the edge API with the rest of the live status; read here, never written through JPA. */
    @Column(name = "media_errors", insertable = false, updatable = false)
    private String mediaErrors;

    /** The box's report of its latest remote upgrade (heartbeat.upgrade); written by the edge API only. */
    @Column(name = "upgrade_state", insertable = false, updatable = false)
    private String upgradeState;

    @Column(name = "upgrade_version", insertable = false, updatable = false)
    private String upgradeVersion;

    @Column(name = "upgrade_detail", insertable = false, updatable = false)
    private String upgradeDetail;

    @Column(name = "upgrade_at", insertable = false, updatable = false)
    private Instant upgradeAt;

    @Version
    private long version;

    protected Device() {}

    Device(
            UUID id,
            UUID areaId,
            String areaPath,
            String name,
            Set<String> tags,
            Double lat,
            Double lon,
            int volume,
            int pollSeconds,
            Instant createdAt) {
        this.id = id;
        this.areaId = areaId;
        this.areaPath = areaPath;
        this.name = name;
        this.tags = new TreeSet<>(tags);
        this.lat = lat;
        this.lon = lon;
        this.volume = volume;
        this.pollSeconds = pollSeconds;
        this.createdAt = createdAt;
    }

    void moveTo(UUID areaId, String areaPath) {
        this.areaId = areaId;
        this.areaPath = areaPath;
    }

    void rename(String name) {
        this.name = name;
    }

    void retag(Set<String> tags) {
        this.tags.clear();
        this.tags.addAll(tags);
    }

    void locate(Double lat, Double lon) {
        this.lat = lat;
        this.lon = lon;
    }

    void configure(int volume, int pollSeconds) {
        this.volume = volume;
        this.pollSeconds = pollSeconds;
    }

    void quietHours(QuietHours quietHours) {
        this.quietHours = quietHours.isEmpty() ? null : quietHours.toString();
    }

    /** A new one-time enrolment code (its hash) replaces any previous one, used or not. */
    void issueEnrolment(String codeHash, Instant expiresAt) {
        this.enrolmentCodeHash = codeHash;
        this.enrolmentExpiresAt = expiresAt;
        this.enrolmentUsedAt = null;
    }

    /** Retires the device and revokes its credential: it can no longer fetch a plan or report. */
    void retire(Instant at) {
        this.retiredAt = at;
        this.credentialHash = null;
        this.enrolmentCodeHash = null;
        this.enrolmentExpiresAt = null;
    }

    public UUID id() {
        return id;
    }

    public UUID areaId() {
        return areaId;
    }

    public String areaPath() {
        return areaPath;
    }

    public String name() {
        return name;
    }

    public Set<String> tags() {
        return Collections.unmodifiableSet(tags);
    }

    public Double lat() {
        return lat;
    }

    public Double lon() {
        return lon;
    }

    public int volume() {
        return volume;
    }

    public int pollSeconds() {
        return pollSeconds;
    }

    /** The operator's quiet hours, local to the device's area; empty when none. */
    public QuietHours quietHours() {
        return QuietHours.parse(quietHours);
    }

    /** Until when the current enrolment code can be used; null when there is none or it was used. */
    public Instant enrolmentExpiresAt() {
        return enrolmentCodeHash == null || enrolmentUsedAt != null ? null : enrolmentExpiresAt;
    }

    public Instant enrolledAt() {
        return enrolledAt;
    }

    public String hardwareId() {
        return hardwareId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant retiredAt() {
        return retiredAt;
    }

    public boolean retired() {
        return retiredAt != null;
    }

    public boolean enrolled() {
        return credentialHash != null;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public Instant offlineSince() {
        return offlineSince;
    }

    public String playingItemId() {
        return playingItemId;
    }

    public String agentVersion() {
        return agentVersion;
    }

    public Long freeBytes() {
        return freeBytes;
    }

    public Boolean cacheComplete() {
        return cacheComplete;
    }

    public Integer reportedVolume() {
        return reportedVolume;
    }

    public Long uptimeSeconds() {
        return uptimeSeconds;
    }

    public Integer signalQuality() {
        return signalQuality;
    }

    /** UPGRADING, UPGRADED, REFUSED or ROLLED_BACK, as the box last reported; null before any upgrade. */
    public String upgradeState() {
        return upgradeState;
    }

    public String upgradeVersion() {
        return upgradeVersion;
    }

    public String upgradeDetail() {
        return upgradeDetail;
    }

    public Instant upgradeAt() {
        return upgradeAt;
    }

    /** What the device's newest heartbeat said it could not get right; empty when all is well. */
    public java.util.List<org.openloa.protocol.Heartbeat.MediaError> mediaErrors() {
        return MediaErrors.parse(mediaErrors);
    }

    /** When a device last heard at {@code lastSeenAt} counts as offline: after three missed polls. */
    public Instant staleAfter() {
        return lastSeenAt == null
                ? null
                : lastSeenAt.plus(Duration.ofSeconds((long) pollSeconds * MISSED_POLLS_BEFORE_OFFLINE));
    }

    /** The connection status at {@code now}, whether or not the offline job has run yet. */
    public DeviceStatus statusAt(Instant now) {
        if (retiredAt != null) {
            return DeviceStatus.RETIRED;
        }
        if (lastSeenAt == null) {
            return DeviceStatus.NEVER_SEEN;
        }
        return offlineSince != null || !staleAfter().isAfter(now) ? DeviceStatus.OFFLINE : DeviceStatus.ONLINE;
    }
}
