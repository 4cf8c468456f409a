package org.openloa.cms.area;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

@Entity
@Table(name = "area")
public class Area {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    @Id
    private UUID id;

    private String code;
    private String name;
    private String kind;

    @Column(name = "parent_id")
    private UUID parentId;

    private String path;

    @Column(name = "time_zone")
    private String timeZone;

    @Column(name = "retired_on")
    private LocalDate retiredOn;

    @Column(name = "successor_id")
    private UUID successorId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Version
    private long version;

    protected Area() {}

    Area(UUID id, String code, String name, String kind, Area parent, ZoneId zone, Instant createdAt) {
        this.id = id;
        this.code = code;
        this.name = name;
        this.kind = kind;
        this.parentId = parent == null ? null : parent.id;
        this.path = (parent == null ? "/" : parent.path) + id + "/";
        this.timeZone = zone.getId();
        this.createdAt = createdAt;
    }

    void rename(String code, String name, String kind, ZoneId zone) {
        this.code = code;
        this.name = name;
        this.kind = kind;
        this.timeZone = zone.getId();
    }

    void retire(LocalDate on, Area successor) {
        this.retiredOn = on;
        this.successorId = successor == null ? null : successor.id;
    }

    void reinstate() {
        this.retiredOn = null;
        this.successorId = null;
    }

    public UUID id() {
        return id;
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public UUID parentId() {
        return parentId;
    }

    /** "/id-of-top/…/id-of-this/": a descendant's path starts with its ancestor's. */
    public String path() {
        return path;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public LocalDate retiredOn() {
        return retiredOn;
    }

    public UUID successorId() {
        return successorId;
    }

    public boolean retired() {
        return retiredOn != null;
    }

    public int depth() {
        return (int) path.chars().filter(c -> c == '/').count() - 1;
    }
}
