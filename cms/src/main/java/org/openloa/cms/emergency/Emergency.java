package org.openloa.cms.emergency;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;
import org.openloa.cms.access.Caller;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.broadcast.Priority;

/**
 * An emergency: what an operator (or a CAP alert) raised, where, what it airs and the broadcasts that air it.
 *
 * <p>Its contents come in generations: the first is what was raised, each replacement is the next. A generation
 * airs once every content of it has audio ({@link #aired}); until then the one before keeps airing. Each change
 * checks the state it starts from and refuses with a 409 what the state does not allow.
 */
@Entity
@Table(name = "emergency")
public class Emergency {

    /** The longest reason kept with a stop (the column holds 2000). */
    static final int MAX_REASON = 2000;

    @Id
    private UUID id;

    private String title;

    @Enumerated(EnumType.STRING)
    private EmergencySource source;

    @Enumerated(EnumType.STRING)
    private EmergencyState state;

    @Enumerated(EnumType.STRING)
    private Priority priority;

    /** The owner area: the deepest area holding every target; its operators act on it. */
    @Column(name = "area_id")
    private UUID areaId;

    @Column(name = "area_path")
    private String areaPath;

    @Column(name = "issued_at")
    private Instant issuedAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "repeat_seconds")
    private Integer repeatSeconds;

    @Column(name = "content_generation")
    private int contentGeneration;

    @Column(name = "aired_generation")
    private int airedGeneration;

    /** Why the latest contents could not be made into audio (a media refusal code); null when they could. */
    private String failure;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "emergency_area", joinColumns = @JoinColumn(name = "emergency_id"))
    @BatchSize(size = 100)
    private Set<Target> areas = new LinkedHashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "emergency_device", joinColumns = @JoinColumn(name = "emergency_id"))
    @Column(name = "device_id")
    @BatchSize(size = 100)
    private Set<UUID> deviceIds = new LinkedHashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "emergency_content", joinColumns = @JoinColumn(name = "emergency_id"))
    @OrderColumn(name = "position")
    @BatchSize(size = 100)
    private List<Content> contents = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "emergency_broadcast", joinColumns = @JoinColumn(name = "emergency_id"))
    @OrderColumn(name = "position")
    @BatchSize(size = 100)
    private List<Airing> broadcasts = new ArrayList<>();

    @Column(name = "raised_by")
    private String raisedBy;

    @Column(name = "raised_by_id")
    private UUID raisedById;

    @Column(name = "raised_at")
    private Instant raisedAt;

    @Column(name = "updated_by")
    private String updatedBy;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "stopped_by")
    private String stoppedBy;

    @Column(name = "stopped_at")
    private Instant stoppedAt;

    @Column(name = "stop_reason")
    private String stopReason;

    @Version
    private long version;

    protected Emergency() {}

    Emergency(
            String title,
            EmergencySource source,
            Priority priority,
            Target owner,
            Collection<Target> areas,
            Collection<UUID> deviceIds,
            Instant issuedAt,
            Instant endsAt,
            Duration repeatEvery,
            Caller raisedBy,
            Instant now) {
        this.id = UUID.randomUUID();
        this.title = title;
        this.source = source;
        this.priority = priority;
        this.areaId = owner.areaId();
        this.areaPath = owner.areaPath();
        this.areas.addAll(areas);
        this.deviceIds.addAll(deviceIds);
        this.issuedAt = issuedAt;
        this.endsAt = endsAt;
        this.repeatSeconds = repeatEvery == null ? null : (int) repeatEvery.toSeconds();
        this.state = EmergencyState.PREPARING;
        this.raisedBy = raisedBy.username();
        this.raisedById = raisedBy.userId();
        this.raisedAt = now;
    }

    /** The next generation of contents; it airs once each has audio. Only while preparing or on air. */
    void prepare(List<Content> next, String by, Instant now) {
        requireActive();
        if (contentGeneration > airedGeneration) {
            // A replacement still being made is itself replaced: its contents never air.
            contents.removeIf(c -> c.generation() == contentGeneration);
        } else {
            contentGeneration++;
        }
        for (Content c : next) {
            contents.add(new Content(contentGeneration, c.kind(), c.bulletinId(), c.voice()));
        }
        this.failure = null;
        if (airedGeneration > 0) {
            this.updatedBy = by;
            this.updatedAt = now;
        }
    }

    /** Whether contents wait to go on air: the first ones, or a replacement. */
    boolean awaitsAiring() {
        return state.active() && contentGeneration > airedGeneration;
    }

    /** The latest contents have aired in these broadcasts (in airing order); the ones before are off air now. */
    void aired(List<UUID> broadcastIds) {
        requireActive();
        airedGeneration = contentGeneration;
        for (UUID broadcastId : broadcastIds) {
            broadcasts.add(new Airing(airedGeneration, broadcastId));
        }
        state = EmergencyState.ON_AIR;
    }

    /** The latest contents could not be made into audio: it never airs, or keeps airing what it aired. */
    void failed(String code) {
        contents.removeIf(c -> c.generation() == contentGeneration && contentGeneration > airedGeneration);
        contentGeneration = airedGeneration;
        failure = code;
        if (airedGeneration == 0) {
            state = EmergencyState.FAILED;
        }
    }

    /** Taken off air by someone, with why. */
    void stop(String by, String reason, Instant now) {
        requireActive();
        state = EmergencyState.STOPPED;
        stoppedBy = by;
        stoppedAt = now;
        stopReason = reason;
    }

    /** Its last airing is over. */
    void ended() {
        if (state == EmergencyState.ON_AIR) {
            state = EmergencyState.ENDED;
        }
    }

    private void requireActive() {
        if (!state.active()) {
            throw ProblemException.conflict("emergency-not-active", "emergency.not-active", state.name());
        }
    }

    /** Whether the caller sees it: it is owned or airs within their areas. */
    boolean visibleTo(Caller caller) {
        return caller.reaches(areaPath) || areas.stream().anyMatch(a -> caller.reaches(a.areaPath()));
    }

    /** Whether the caller may stop or correct it: an OPERATOR or ADMIN reaching every area it airs in. */
    boolean operableBy(Caller caller) {
        return caller.mayOperate() && areas.stream().allMatch(a -> caller.mayOperate(a.areaPath()));
    }

    /** Who acts for it when it goes on air later (its audio was made meanwhile): who raised or last changed it. */
    Caller actor() {
        return new Caller(
                raisedById,
                updatedBy != null ? updatedBy : raisedBy,
                Set.of(org.openloa.cms.access.Role.OPERATOR),
                areaId,
                areaPath);
    }

    /** The contents of the generation that airs, or of the first one while it is being made. */
    public List<Content> contents() {
        int shown = airedGeneration > 0 ? airedGeneration : contentGeneration;
        return contents.stream().filter(c -> c.generation() == shown).toList();
    }

    /** The contents waiting for their audio (the first ones, or a replacement); empty when none wait. */
    public List<Content> pendingContents() {
        return contentGeneration > airedGeneration
                ? contents.stream()
                        .filter(c -> c.generation() == contentGeneration)
                        .toList()
                : List.of();
    }

    /** Every content it ever had, each generation in turn. */
    List<Content> allContents() {
        return Collections.unmodifiableList(contents);
    }

    /** The broadcasts that air its current contents, in airing order. */
    public List<UUID> broadcastIds() {
        return broadcasts.stream()
                .filter(a -> a.generation() == airedGeneration)
                .map(Airing::broadcastId)
                .toList();
    }

    /** Every broadcast it created, the replaced ones too. */
    public List<UUID> allBroadcastIds() {
        return broadcasts.stream().map(Airing::broadcastId).toList();
    }

    /** An area it airs in (with its subtree), or its owner area. */
    @Embeddable
    public record Target(
            @Column(name = "area_id") UUID areaId,
            @Column(name = "area_path") String areaPath) {}

    /** One content: a bulletin that airs, of a generation, and how it was made. */
    @Embeddable
    public record Content(
            @Column(name = "generation") int generation,

            @Column(name = "kind") @Enumerated(EnumType.STRING)
            Kind kind,

            @Column(name = "bulletin_id") UUID bulletinId,
            @Column(name = "voice") String voice) {

        /** How the content was made: spoken text, a recording, or an approved bulletin picked as it is. */
        public enum Kind {
            SPEECH,
            RECORDING,
            BULLETIN
        }

        /** Made for this emergency (not an approved bulletin picked), so kept as its record when it no longer airs. */
        boolean madeHere() {
            return kind != Kind.BULLETIN;
        }
    }

    /** A broadcast it created, of a generation of contents. */
    @Embeddable
    record Airing(
            @Column(name = "generation") int generation,
            @Column(name = "broadcast_id") UUID broadcastId) {}

    public UUID id() {
        return id;
    }

    public String title() {
        return title;
    }

    public EmergencySource source() {
        return source;
    }

    public EmergencyState state() {
        return state;
    }

    public Priority priority() {
        return priority;
    }

    public UUID areaId() {
        return areaId;
    }

    public String areaPath() {
        return areaPath;
    }

    public List<Target> areas() {
        return List.copyOf(areas);
    }

    public Set<UUID> deviceIds() {
        return Collections.unmodifiableSet(deviceIds);
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant endsAt() {
        return endsAt;
    }

    public Duration repeatEvery() {
        return repeatSeconds == null ? null : Duration.ofSeconds(repeatSeconds);
    }

    public String failure() {
        return failure;
    }

    public String raisedBy() {
        return raisedBy;
    }

    public Instant raisedAt() {
        return raisedAt;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String stoppedBy() {
        return stoppedBy;
    }

    public Instant stoppedAt() {
        return stoppedAt;
    }

    public String stopReason() {
        return stopReason;
    }

    /** Whether a replacement of its contents is being made while the current ones air. */
    public boolean replacing() {
        return airedGeneration > 0 && contentGeneration > airedGeneration;
    }
}
