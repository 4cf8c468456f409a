package org.openloa.cms.relay;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A named stream an area relays, e.g. "VOV1" at https://…; checked by {@link RelaySourceService}. */
@Entity
@Table(name = "relay_source")
public class RelaySource {

    @Id
    private UUID id;

    @Column(name = "area_id")
    private UUID areaId;

    private String name;

    private String url;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "updated_by")
    private String updatedBy;

    @Version
    private long version;

    protected RelaySource() {}

    RelaySource(UUID areaId, String name, String url, String actor, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.name = name;
        this.url = url;
        this.createdAt = now;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    void change(UUID areaId, String name, String url, String actor, Instant now) {
        this.areaId = areaId;
        this.name = name;
        this.url = url;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    public UUID id() {
        return id;
    }

    public UUID areaId() {
        return areaId;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String updatedBy() {
        return updatedBy;
    }
}
