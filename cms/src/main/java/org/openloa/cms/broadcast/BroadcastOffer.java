package org.openloa.cms.broadcast;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.problem.Text;

/**
 * NORMAL content from an upper level offered to one commune (Circular 39): it airs on that commune's devices
 * only once an operator of the commune accepts it. A decision can be changed (accept after declining, or
 * withdraw an acceptance); each change is audited.
 */
@Entity
@Table(name = "broadcast_offer")
public class BroadcastOffer {

    @Id
    private UUID id;

    @Column(name = "broadcast_id")
    private UUID broadcastId;

    @Column(name = "area_id")
    private UUID areaId;

    @Column(name = "area_path")
    private String areaPath;

    @Enumerated(EnumType.STRING)
    private OfferState state;

    @Column(name = "decided_by")
    private String decidedBy;

    @Column(name = "decided_at")
    private Instant decidedAt;

    private String reason;

    @Column(name = "created_at")
    private Instant createdAt;

    @Version
    private long version;

    protected BroadcastOffer() {}

    BroadcastOffer(UUID broadcastId, UUID areaId, String areaPath, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.broadcastId = broadcastId;
        this.areaId = areaId;
        this.areaPath = areaPath;
        this.state = OfferState.PENDING;
        this.createdAt = createdAt;
    }

    void decide(OfferState decision, String by, String reason, Instant at) {
        reason = Text.note(reason, "reason", 1000);
        this.state = decision;
        this.decidedBy = by;
        this.reason = reason == null || reason.isBlank() ? null : reason.strip();
        this.decidedAt = at;
    }

    public UUID id() {
        return id;
    }

    public UUID broadcastId() {
        return broadcastId;
    }

    public UUID areaId() {
        return areaId;
    }

    public String areaPath() {
        return areaPath;
    }

    public OfferState state() {
        return state;
    }

    public String decidedBy() {
        return decidedBy;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
