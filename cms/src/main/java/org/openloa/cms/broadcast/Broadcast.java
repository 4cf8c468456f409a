package org.openloa.cms.broadcast;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
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
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;

/**
 * A broadcast (lịch phát): what plays (bulletins in order, or a stream for a slot), where (target areas and
 * tags), when (the schedule object), at which priority and volume, how often in a row, and whether it airs.
 * Owned by an area: those who operate that area change it.
 */
@Entity
@Table(name = "broadcast")
public class Broadcast {

    @Id
    private UUID id;

    @Column(name = "area_id")
    private UUID areaId;

    @Column(name = "area_path")
    private String areaPath;

    private String title;

    @Enumerated(EnumType.STRING)
    private Priority priority;

    @Enumerated(EnumType.STRING)
    private BroadcastState state;

    @Enumerated(EnumType.STRING)
    @Column(name = "content_kind")
    private ContentKind contentKind;

    @Column(name = "stream_url")
    private String streamUrl;

    @Column(name = "stream_seconds")
    private Integer streamSeconds;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "broadcast_item", joinColumns = @JoinColumn(name = "broadcast_id"))
    @OrderColumn(name = "position")
    @BatchSize(size = 1000)
    private List<BroadcastItem> items = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "broadcast_target_area", joinColumns = @JoinColumn(name = "broadcast_id"))
    @BatchSize(size = 1000)
    private Set<TargetArea> targetAreas = new LinkedHashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "broadcast_target_tag", joinColumns = @JoinColumn(name = "broadcast_id"))
    @Column(name = "tag")
    @BatchSize(size = 1000)
    private Set<String> targetTags = new TreeSet<>();

    private String schedule;
    private int volume;

    @Column(name = "repeat_count")
    private int repeatCount;

    @Column(name = "max_delay_seconds")
    private int maxDelaySeconds;

    @Column(name = "acceptance_required")
    private boolean acceptanceRequired;

    @Column(name = "starts_at")
    private Instant startsAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected Broadcast() {}

    Broadcast(UUID id, UUID areaId, String areaPath, String createdBy, Instant createdAt) {
        this.id = id;
        this.areaId = areaId;
        this.areaPath = areaPath;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.state = BroadcastState.ACTIVE;
    }

    /** A detached copy for previews: the same values, not managed, never saved. */
    Broadcast copy() {
        Broadcast copy = new Broadcast(id, areaId, areaPath, createdBy, createdAt);
        copy.title = title;
        copy.priority = priority;
        copy.state = state;
        copy.contentKind = contentKind;
        copy.streamUrl = streamUrl;
        copy.streamSeconds = streamSeconds;
        copy.items = new ArrayList<>(items);
        copy.targetAreas = new LinkedHashSet<>(targetAreas);
        copy.targetTags = new TreeSet<>(targetTags);
        copy.schedule = schedule;
        copy.volume = volume;
        copy.repeatCount = repeatCount;
        copy.maxDelaySeconds = maxDelaySeconds;
        copy.acceptanceRequired = acceptanceRequired;
        copy.startsAt = startsAt;
        copy.endsAt = endsAt;
        copy.updatedAt = updatedAt;
        return copy;
    }

    void retitle(String title) {
        this.title = title;
    }

    void playlist(List<BroadcastItem> items) {
        this.contentKind = ContentKind.PLAYLIST;
        this.items.clear();
        this.items.addAll(items);
        this.streamUrl = null;
        this.streamSeconds = null;
    }

    void stream(String url, Duration slot) {
        this.contentKind = ContentKind.STREAM;
        this.items.clear();
        this.streamUrl = url;
        this.streamSeconds = (int) slot.toSeconds();
    }

    void target(Set<TargetArea> areas, Set<String> tags) {
        this.targetAreas.clear();
        this.targetAreas.addAll(areas);
        this.targetTags.clear();
        this.targetTags.addAll(tags);
    }

    void schedule(ScheduleSpec spec) {
        this.schedule = spec.toJson();
    }

    void settings(Priority priority, int volume, int repeatCount, Duration maxDelay) {
        this.priority = priority;
        this.volume = volume;
        this.repeatCount = repeatCount;
        this.maxDelaySeconds = (int) maxDelay.toSeconds();
    }

    void acceptanceRequired(boolean required) {
        this.acceptanceRequired = required;
    }

    void span(Instant startsAt, Instant endsAt) {
        this.startsAt = startsAt;
        this.endsAt = endsAt;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }

    /** ACTIVE and PAUSED may change into each other; ENDED is final. */
    void changeState(BroadcastState next) {
        if (next == state) {
            return;
        }
        if (state == BroadcastState.ENDED) {
            throw ProblemException.conflict("broadcast-ended", "scheduling.broadcast.ended");
        }
        this.state = next;
    }

    /**
     * Removes a bulletin that will no longer air; false, leaving the content as it was, when nothing else would
     * be left (the broadcast then ends, and still shows what it played).
     */
    boolean drop(UUID bulletinId) {
        if (items.stream().allMatch(item -> item.bulletinId().equals(bulletinId))) {
            return false;
        }
        items.removeIf(item -> item.bulletinId().equals(bulletinId));
        return true;
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

    public String title() {
        return title;
    }

    public Priority priority() {
        return priority;
    }

    public BroadcastState state() {
        return state;
    }

    public ContentKind contentKind() {
        return contentKind;
    }

    public String streamUrl() {
        return streamUrl;
    }

    public Duration slotLength() {
        return streamSeconds == null ? null : Duration.ofSeconds(streamSeconds);
    }

    public List<BroadcastItem> items() {
        return Collections.unmodifiableList(items);
    }

    public Set<TargetArea> targetAreas() {
        return Collections.unmodifiableSet(targetAreas);
    }

    public Set<String> targetTags() {
        return Collections.unmodifiableSet(targetTags);
    }

    public ScheduleSpec schedule() {
        return ScheduleSpec.fromJson(schedule);
    }

    /** The schedule as stored (JSON): a key for parsed schedules. */
    String scheduleJson() {
        return schedule;
    }

    public int volume() {
        return volume;
    }

    public int repeatCount() {
        return repeatCount;
    }

    public Duration maxDelay() {
        return Duration.ofSeconds(maxDelaySeconds);
    }

    public boolean acceptanceRequired() {
        return acceptanceRequired;
    }

    public Instant startsAt() {
        return startsAt;
    }

    public Instant endsAt() {
        return endsAt;
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

    /** The id the scheduler, plan items and play logs know it by. */
    public String key() {
        return id.toString();
    }
}
