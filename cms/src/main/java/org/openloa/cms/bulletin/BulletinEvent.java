package org.openloa.cms.bulletin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of a bulletin's history: who did what, when, and why. */
@Entity
@Table(name = "bulletin_event")
public class BulletinEvent {

    @Id
    private UUID id;

    @Column(name = "bulletin_id")
    private UUID bulletinId;

    private Instant at;
    private String actor;
    private String action;
    private String reason;

    protected BulletinEvent() {}

    BulletinEvent(UUID bulletinId, Instant at, String actor, String action, String reason) {
        this.id = UUID.randomUUID();
        this.bulletinId = bulletinId;
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.reason = reason;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String reason() {
        return reason;
    }
}
