package org.openloa.cms.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    private UUID id;

    private Instant at;
    private String actor;
    private String action;

    @Column(name = "target_type")
    private String targetType;

    @Column(name = "target_id")
    private String targetId;

    @Column(name = "area_path")
    private String areaPath;

    private String detail;

    @Column(name = "remote_address")
    private String remoteAddress;

    protected AuditEvent() {}

    AuditEvent(
            Instant at,
            String actor,
            String action,
            String targetType,
            String targetId,
            String areaPath,
            String detail,
            String remoteAddress) {
        this.id = UUID.randomUUID();
        this.at = at;
        this.actor = actor == null || actor.length() <= 64 ? actor : actor.substring(0, 64);
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.areaPath = areaPath;
        this.detail = detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000);
        this.remoteAddress = remoteAddress;
    }

    public UUID getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTargetType() {
        return targetType;
    }

    public String getTargetId() {
        return targetId;
    }

    public String getDetail() {
        return detail;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    String areaPath() {
        return areaPath;
    }
}
