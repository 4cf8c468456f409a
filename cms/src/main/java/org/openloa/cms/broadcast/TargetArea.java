package org.openloa.cms.broadcast;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;
import java.util.UUID;

/** An area a broadcast targets, with its path so that reach and visibility are prefix matches. */
@Embeddable
public class TargetArea {

    @Column(name = "area_id")
    private UUID areaId;

    @Column(name = "area_path")
    private String areaPath;

    protected TargetArea() {}

    TargetArea(UUID areaId, String areaPath) {
        this.areaId = areaId;
        this.areaPath = areaPath;
    }

    public UUID areaId() {
        return areaId;
    }

    public String areaPath() {
        return areaPath;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TargetArea that && Objects.equals(areaId, that.areaId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(areaId);
    }
}
