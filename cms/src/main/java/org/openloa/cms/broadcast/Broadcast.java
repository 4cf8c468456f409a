package org.openloa.cms.broadcast;

import static java.util.Objects.requireNonNullElse;

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
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.annotations.BatchSize;
import org.openloa.cms.access.Caller;
import org.openloa.cms.device.Tags;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;

/**
 * A broadcast (lịch phát): what plays (bulletins in order, or a stream for a slot), where (target areas and
 * tags), when (the schedule object), at which priority and volume, how often in a row, and whether it airs.
 * Owned by an area: those who operate that area change it.
 *
 * <p>Each change checks its own rules here and refuses with a 422 (or a 409 for ENDED, which is final); what
 * needs the database (bulletins, areas, the scheduler's zones) is looked up by the service and handed in. The
 * changes record what happened, which the service writes to the audit log.
 */
@Entity
@Table(name = "broadcast")
public class Broadcast {

    static final int MAX_TITLE = 300;
    static final int DEFAULT_VOLUME = 80;
    static final Duration DEFAULT_RECORDING_DELAY = Duration.ofMinutes(30);
    static final Duration MAX_SLOT = Duration.ofHours(24);
    private static final Set<String> STREAM_SCHEMES = Set.of("http", "https", "rtsp", "rtmp", "rtp", "udp", "srt");

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

    /** Devices reached one by one besides the areas and tags (a CAP alert's polygon picks devices where they stand). */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "broadcast_target_device", joinColumns = @JoinColumn(name = "broadcast_id"))
    @Column(name = "device_id")
    @BatchSize(size = 1000)
    private Set<UUID> targetDeviceIds = new LinkedHashSet<>();

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

    /** Why it was taken off air before its time (an emergency stopped or corrected); null otherwise. */
    @Column(name = "end_reason")
    private String endReason;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Version
    private long version;

    @Transient
    private final List<BroadcastEvent> events = new ArrayList<>();

    protected Broadcast() {}

    /** A new broadcast of the owner area, active; its content, targets, schedule and settings follow. */
    Broadcast(UUID id, UUID areaId, String areaPath, String createdBy, Instant createdAt) {
        this.id = id;
        this.areaId = areaId;
        this.areaPath = areaPath;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.state = BroadcastState.ACTIVE;
        events.add(new BroadcastEvent("BROADCAST_CREATED", null));
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
        copy.targetDeviceIds = new LinkedHashSet<>(targetDeviceIds);
        copy.schedule = schedule;
        copy.volume = volume;
        copy.repeatCount = repeatCount;
        copy.maxDelaySeconds = maxDelaySeconds;
        copy.acceptanceRequired = acceptanceRequired;
        copy.startsAt = startsAt;
        copy.endsAt = endsAt;
        copy.updatedAt = updatedAt;
        copy.events.clear();
        return copy;
    }

    /**
     * Replaces what it plays: the bulletins named, in order, or a stream relayed for a slot (the slot given, or
     * the one it had), or only the slot of the stream it relays. A change names one kind of content at most;
     * a new broadcast needs one. Each bulletin becomes an item through {@code airable}, which refuses what may
     * not air.
     *
     * @return the highest priority of the bulletins it now plays; null when it plays no new bulletins
     */
    Priority replaceContent(
            List<UUID> bulletinIds, Function<UUID, Airable> airable, String streamUrl, Duration slotLength) {
        boolean bulletins = bulletinIds != null && !bulletinIds.isEmpty();
        boolean stream = streamUrl != null && !streamUrl.isBlank();
        if (bulletins && stream) {
            throw ProblemException.rule("content-ambiguous", "streamUrl", "scheduling.broadcast.content-ambiguous");
        }
        if (bulletins) {
            List<BroadcastItem> playlist = new ArrayList<>();
            Priority highest = null;
            for (UUID id : bulletinIds) {
                Airable bulletin = airable.apply(id);
                playlist.add(bulletin.item());
                highest = highest == null || bulletin.priority().outranks(highest) ? bulletin.priority() : highest;
            }
            playlist(playlist);
            return highest;
        }
        if (stream) {
            String url = checkStreamUrl(streamUrl);
            stream(url, checkSlot(slotLength != null ? slotLength : slotLength()));
        } else if (slotLength != null && contentKind == ContentKind.STREAM) {
            stream(this.streamUrl, checkSlot(slotLength));
        } else if (contentKind == null) {
            throw ProblemException.rule("empty-content", "bulletinIds", "scheduling.rule.EMPTY_CONTENT");
        }
        return null;
    }

    /**
     * Aims it at these areas (or, with none, at its owner area: tags alone narrow within it) and these tags.
     * Every target lies within the owner area and is in use: a broadcast never reaches beyond its owner's devices.
     * A change of either checks the targets it keeps again, as {@code place} finds them now.
     *
     * @param areaIds null keeps the target areas it has
     * @param tags    null keeps the tags it has
     */
    void target(Place owner, List<UUID> areaIds, Function<UUID, Place> place, Collection<String> tags) {
        target(owner, areaIds, place, tags, null, null);
    }

    /**
     * Aims it as {@link #target(Place, List, Function, Collection)} does, and at these devices one by one,
     * reached besides what the areas and tags select (the scheduler's {@code Targets} takes the union). Each
     * device lies within the owner area and is in service. With devices and neither areas nor tags, it reaches
     * only those devices: the owner area is not added then, or the whole area would hear it.
     *
     * @param deviceIds null keeps the devices it targets; empty drops them
     * @param spot      where a named device stands (its area path), looked up within the caller's reach
     */
    void target(
            Place owner,
            List<UUID> areaIds,
            Function<UUID, Place> place,
            Collection<String> tags,
            Collection<UUID> deviceIds,
            Function<UUID, Spot> spot) {
        Set<UUID> devices = deviceIds == null ? new LinkedHashSet<>(targetDeviceIds) : checkDevices(deviceIds, spot);
        boolean keepsSelection = areaIds == null && tags == null;
        if (keepsSelection && (!targetAreas.isEmpty() || (!devices.isEmpty() && targetTags.isEmpty()))) {
            this.targetDeviceIds.clear();
            this.targetDeviceIds.addAll(devices);
            return;
        }
        List<UUID> ids = areaIds != null
                ? areaIds
                : targetAreas.stream().map(TargetArea::areaId).toList();
        Set<TargetArea> targets = new LinkedHashSet<>();
        for (UUID id : ids) {
            Place area = place.apply(id);
            if (!area.path().startsWith(areaPath)) {
                throw ProblemException.rule(
                        "target-outside-owner",
                        "targets.areaIds",
                        "scheduling.broadcast.target-outside-owner",
                        area.name(),
                        owner.name());
            }
            if (area.retired()) {
                throw ProblemException.rule(
                        "target-retired", "targets.areaIds", "scheduling.broadcast.target-retired", area.name());
            }
            targets.add(new TargetArea(area.id(), area.path()));
        }
        Set<String> normalised = tags != null ? Tags.normalise(tags, "targets.tags") : new TreeSet<>(targetTags);
        if (targets.isEmpty() && (devices.isEmpty() || !normalised.isEmpty())) {
            targets.add(new TargetArea(areaId, areaPath));
        }
        this.targetAreas.clear();
        this.targetAreas.addAll(targets);
        this.targetTags.clear();
        this.targetTags.addAll(normalised);
        this.targetDeviceIds.clear();
        this.targetDeviceIds.addAll(devices);
    }

    private Set<UUID> checkDevices(Collection<UUID> deviceIds, Function<UUID, Spot> spot) {
        Set<UUID> checked = new LinkedHashSet<>();
        for (UUID id : deviceIds) {
            if (id == null) {
                throw ProblemException.rule("missing-value", "targets.deviceIds", "scheduling.rule.MISSING_VALUE");
            }
            Spot device = spot.apply(id);
            if (device.areaPath() == null || !device.areaPath().startsWith(areaPath)) {
                throw ProblemException.rule(
                        "target-device-outside-owner",
                        "targets.deviceIds",
                        "scheduling.broadcast.target-device-outside-owner",
                        device.name());
            }
            if (device.retired()) {
                throw ProblemException.rule(
                        "target-device-retired",
                        "targets.deviceIds",
                        "scheduling.broadcast.target-device-retired",
                        device.name());
            }
            checked.add(id);
        }
        return checked;
    }

    /** Sets when it airs, checked by the scheduler already; null keeps the schedule, which a new broadcast lacks. */
    void schedule(ScheduleSpec spec) {
        if (spec == null) {
            if (schedule == null) {
                throw ProblemException.rule("missing-value", "schedule", "scheduling.rule.MISSING_VALUE");
            }
            return;
        }
        this.schedule = spec.toJson();
    }

    /**
     * Sets how it plays; null keeps what it has. A broadcast with no settings yet takes the defaults instead:
     * the highest priority of its bulletins ({@code contentPriority}, else NORMAL), volume 80, once, and a delay
     * allowed for a recording (none for a live stream, which cannot start late).
     */
    void settings(Priority priority, Integer volume, Integer repeatCount, Duration maxDelay, Priority contentPriority) {
        boolean unsettled = this.priority == null;
        Priority priorityNow = unsettled ? requireNonNullElse(contentPriority, Priority.NORMAL) : this.priority;
        int volumeNow = unsettled ? DEFAULT_VOLUME : this.volume;
        int repeatNow = unsettled ? 1 : this.repeatCount;
        Duration delayNow = unsettled ? defaultMaxDelay() : maxDelay();
        Duration delay = requireNonNullElse(maxDelay, delayNow);
        if (delay.isNegative()) {
            throw ProblemException.rule("negative-max-delay", "maxDelay", "scheduling.rule.NEGATIVE_MAX_DELAY");
        }
        this.priority = requireNonNullElse(priority, priorityNow);
        this.volume = requireNonNullElse(volume, volumeNow);
        this.repeatCount = requireNonNullElse(repeatCount, repeatNow);
        this.maxDelaySeconds = (int) delay.toSeconds();
    }

    /**
     * Circular 39: NORMAL content of an owner above the communes airs in a commune only once the commune accepts
     * it; PRIORITY and EMERGENCY content, and a commune's own, airs without asking.
     */
    void ownedAboveProgrammes(boolean above) {
        this.acceptanceRequired = priority == Priority.NORMAL && above;
    }

    /**
     * Names it: the title given, else the title it had unless its content was replaced, else one made from
     * the content (the stream's host, the first bulletin's title and how many follow).
     */
    void retitle(String given, boolean contentReplaced) {
        given = Text.clean(given, "title");
        String chosen =
                given != null && !given.isBlank() ? given : title != null && !contentReplaced ? title : defaultTitle();
        if (chosen.length() > MAX_TITLE) {
            throw ProblemException.rule("invalid-title", "title", "scheduling.broadcast.invalid-title");
        }
        this.title = chosen;
    }

    /** When it first airs and when its last occurrence is surely over (null: no end), as the scheduler derived. */
    void span(Instant startsAt, Instant endsAt) {
        this.startsAt = startsAt;
        this.endsAt = endsAt;
    }

    /** A change of a saved broadcast is complete. */
    void revised(Instant now) {
        this.updatedAt = now;
        events.add(new BroadcastEvent("BROADCAST_UPDATED", null));
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

    /** Ends it for good (its last occurrence is over, or nothing is left to play). */
    void end(String why, Instant now) {
        changeState(BroadcastState.ENDED);
        this.updatedAt = now;
        this.endedAt = now;
        events.add(new BroadcastEvent("BROADCAST_ENDED", why));
    }

    /**
     * Takes it off air now, before its time, keeping why: the boxes learn it with the item withdrawn from their
     * manifest (and stop it mid-play), and the reason travels with it.
     */
    void takeOffAir(String reason, Instant now) {
        if (state == BroadcastState.ENDED) {
            return;
        }
        changeState(BroadcastState.ENDED);
        this.endReason = reason;
        this.updatedAt = now;
        this.endedAt = now;
        events.add(new BroadcastEvent("BROADCAST_WITHDRAWN", reason));
    }

    /**
     * Takes out a bulletin that will no longer air; when nothing else would be left, leaves the content as it
     * was and ends instead (the broadcast then still shows what it played).
     */
    void withdraw(UUID bulletinId, Instant now) {
        if (items.stream().allMatch(item -> item.bulletinId().equals(bulletinId))) {
            end("its last bulletin no longer airs", now);
            return;
        }
        items.removeIf(item -> item.bulletinId().equals(bulletinId));
        this.updatedAt = now;
        events.add(new BroadcastEvent("BROADCAST_UPDATED", "bulletin " + bulletinId + " no longer airs"));
    }

    /** It is about to be deleted. */
    void discard() {
        events.add(new BroadcastEvent("BROADCAST_DELETED", null));
    }

    /** What happened to it since it was loaded, for the audit log; each is taken once. */
    List<BroadcastEvent> takeEvents() {
        List<BroadcastEvent> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    /** Whether the caller sees it: owned under their area, or airing in it (offered or sent from above). */
    boolean visibleTo(Caller caller) {
        if (caller.reaches(areaPath)) {
            return true;
        }
        for (TargetArea target : targetAreas) {
            if (caller.reaches(target.areaPath()) || caller.scopePath().startsWith(target.areaPath())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller may change it: an ADMIN or OPERATOR of the owner area. */
    boolean editableBy(Caller caller) {
        return caller.mayOperate(areaPath);
    }

    /** The audit log's line for it: title, priority and state. */
    String summary() {
        return title + " [" + priority + ", " + state + "]";
    }

    /** The area whose zone reads a ONCE given without an offset: the first target (stored ones carry an offset). */
    public UUID firstTarget() {
        return targetAreas.isEmpty() ? areaId : targetAreas.iterator().next().areaId();
    }

    private void playlist(List<BroadcastItem> items) {
        this.contentKind = ContentKind.PLAYLIST;
        this.items.clear();
        this.items.addAll(items);
        this.streamUrl = null;
        this.streamSeconds = null;
    }

    private void stream(String url, Duration slot) {
        this.contentKind = ContentKind.STREAM;
        this.items.clear();
        this.streamUrl = url;
        this.streamSeconds = (int) slot.toSeconds();
    }

    private Duration defaultMaxDelay() {
        return contentKind == ContentKind.STREAM ? Duration.ZERO : DEFAULT_RECORDING_DELAY;
    }

    private String defaultTitle() {
        if (contentKind == ContentKind.STREAM) {
            return URI.create(streamUrl).getHost();
        }
        if (items.isEmpty()) {
            return "—";
        }
        String first = items.get(0).title();
        return items.size() == 1 ? first : first + " (+" + (items.size() - 1) + ")";
    }

    private static String checkStreamUrl(String raw) {
        try {
            URI uri = new URI(raw.strip());
            if (uri.getScheme() == null
                    || !STREAM_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                throw ProblemException.rule(
                        "invalid-stream-url", "streamUrl", "scheduling.broadcast.invalid-stream-url");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw ProblemException.rule("invalid-stream-url", "streamUrl", "scheduling.broadcast.invalid-stream-url");
        }
    }

    private static Duration checkSlot(Duration slot) {
        if (slot == null || slot.isZero() || slot.isNegative()) {
            throw ProblemException.rule("non-positive-duration", "slotLength", "scheduling.rule.NON_POSITIVE_DURATION");
        }
        if (slot.compareTo(MAX_SLOT) > 0) {
            throw ProblemException.rule("slot-too-long", "slotLength", "scheduling.broadcast.slot-too-long");
        }
        return slot;
    }

    /** An area as a target is checked against: where it lies, its name for messages, whether it is in use. */
    record Place(UUID id, String path, String name, boolean retired) {}

    /** A device as a target is checked against: the area path it sits under, its name for messages, whether retired. */
    record Spot(UUID id, String areaPath, String name, boolean retired) {}

    /** A bulletin that may air, as an item of a playlist, with the priority it asks for. */
    record Airable(BroadcastItem item, Priority priority) {}

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

    /** Devices reached one by one, besides those the areas and tags select. */
    public Set<UUID> targetDeviceIds() {
        return Collections.unmodifiableSet(targetDeviceIds);
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

    /** Why it was taken off air before its time; null when it ended (or will end) on its own. */
    public String endReason() {
        return endReason;
    }

    /** When it ended; null while it has not. */
    public Instant endedAt() {
        return endedAt;
    }

    /** The id the scheduler, plan items and play logs know it by. */
    public String key() {
        return id.toString();
    }
}
