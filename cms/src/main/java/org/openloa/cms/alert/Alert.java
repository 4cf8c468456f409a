package org.openloa.cms.alert;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.openloa.scheduler.broadcast.Priority;

/**
 * A CAP alert as received: its header, the document itself, where it was aimed, and what became of it. Stored
 * whatever its status (only Actual airs); the same sender and identifier is stored once.
 */
@Entity
@Table(name = "cap_alert")
public class Alert {

    @Id
    private UUID id;

    private String sender;
    private String identifier;
    private Instant sent;
    private String status;

    @Column(name = "msg_type")
    private String msgType;

    private String scope;

    @Column(name = "refs")
    private String references;

    private String title;

    @Enumerated(EnumType.STRING)
    private Priority priority;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Enumerated(EnumType.STRING)
    private AlertState state;

    private String reason;

    @Column(name = "stopped_at")
    private Instant stoppedAt;

    @Column(name = "emergency_id")
    private UUID emergencyId;

    @Column(name = "references_alert")
    private UUID referencesAlert;

    @Column(name = "targeted_devices")
    private int targetedDevices;

    @Column(name = "target_areas")
    private String targetAreas;

    @Column(name = "target_devices")
    private String targetDevices;

    @Column(name = "broadcast_ids")
    private String broadcastIds;

    @Column(name = "area_path")
    private String areaPath;

    @Column(name = "posted_by")
    private String postedBy;

    @Column(name = "received_at")
    private Instant receivedAt;

    @Column(name = "raw_xml")
    private String rawXml;

    protected Alert() {}

    Alert(UUID id, CapDocument cap, String rawXml, String areaPath, String postedBy, Instant receivedAt) {
        this.id = id;
        this.sender = cap.sender();
        this.identifier = cap.identifier();
        this.sent = cap.sent().toInstant();
        this.status = cap.status();
        this.msgType = cap.msgType();
        this.scope = cap.scope();
        this.references = cap.references().isEmpty()
                ? null
                : cap.references().stream()
                        .map(r -> r.sender() + "," + r.identifier() + "," + r.sent())
                        .collect(Collectors.joining(" "));
        this.rawXml = rawXml;
        this.areaPath = areaPath;
        this.postedBy = postedBy;
        this.receivedAt = receivedAt;
        this.state = AlertState.STORED;
    }

    /** What it asked for: title, priority, end. */
    void ordered(AlertOrder order) {
        this.title = order.title();
        this.priority = order.priority();
        this.expiresAt = order.endsAt() == null ? null : order.endsAt().toInstant();
    }

    /** Titled from its text though it does not air (Test, Exercise, Ack…): so lists read well. */
    void titled(String title) {
        this.title = title;
    }

    /** Where it was aimed once clipped to the poster's reach. */
    void aimed(Collection<UUID> areas, Collection<UUID> devices, int targeted) {
        this.targetAreas = join(areas);
        this.targetDevices = join(devices);
        this.targetedDevices = targeted;
    }

    void aired(AlertAiring.Aired aired) {
        this.emergencyId = aired.emergencyId();
        this.broadcastIds = join(aired.broadcastIds());
        this.state = AlertState.AIRING;
    }

    /** An Update or Cancel applied to the emergency of {@code original}. */
    void applied(AlertState state, Alert original) {
        this.state = state;
        this.referencesAlert = original.id;
        this.emergencyId = original.emergencyId;
        this.broadcastIds = original.broadcastIds;
    }

    /** An Update that replaced the content of {@code original}'s emergency: it now stands for what airs. */
    void replaced(Alert original, AlertAiring.Aired aired) {
        applied(AlertState.UPDATED, original);
        this.broadcastIds = join(aired.broadcastIds());
        original.broadcastIds = this.broadcastIds;
    }

    void stopped(String why, Instant at) {
        this.state = AlertState.STOPPED;
        this.reason = why;
        this.stoppedAt = at;
    }

    void ended(Instant at) {
        this.state = AlertState.ENDED;
        this.stoppedAt = at;
    }

    void notAired(String why) {
        this.state = AlertState.NOT_AIRED;
        this.reason = why;
    }

    void storedOnly(String why) {
        this.state = AlertState.STORED;
        this.reason = why;
    }

    private static String join(Collection<UUID> ids) {
        return ids == null || ids.isEmpty()
                ? null
                : ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    private static Set<UUID> split(String ids) {
        if (ids == null || ids.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(ids.split(",")).map(UUID::fromString).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public UUID id() {
        return id;
    }

    public String sender() {
        return sender;
    }

    public String identifier() {
        return identifier;
    }

    public Instant sent() {
        return sent;
    }

    public String status() {
        return status;
    }

    public String msgType() {
        return msgType;
    }

    public String scope() {
        return scope;
    }

    /** The messages it refers to, as CAP writes them ("sender,identifier,sent" each). */
    public List<String> references() {
        return references == null ? List.of() : new ArrayList<>(Arrays.asList(references.split(" ")));
    }

    public String title() {
        return title;
    }

    public Priority priority() {
        return priority;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public AlertState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public Instant stoppedAt() {
        return stoppedAt;
    }

    public UUID emergencyId() {
        return emergencyId;
    }

    public UUID referencesAlert() {
        return referencesAlert;
    }

    public int targetedDevices() {
        return targetedDevices;
    }

    public Set<UUID> targetAreaIds() {
        return split(targetAreas);
    }

    public Set<UUID> targetDeviceIds() {
        return split(targetDevices);
    }

    public List<UUID> broadcastIds() {
        return List.copyOf(split(broadcastIds));
    }

    public String areaPath() {
        return areaPath;
    }

    public String postedBy() {
        return postedBy;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public String rawXml() {
        return rawXml;
    }
}
