package org.openloa.cms.area;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface Areas extends Repository<Area, UUID> {

    Area save(Area area);

    Optional<Area> findById(UUID id);

    Optional<Area> findByCode(String code);

    List<Area> findByCodeIn(List<String> codes);

    @Query("select a from Area a where a.path like concat(:prefix, '%') order by a.path")
    List<Area> findSubtree(@Param("prefix") String pathPrefix);

    List<Area> findByPathInAndKind(Collection<String> paths, String kind);

    @Query("select count(a) from Area a where a.path like concat(:prefix, '%') and a.retiredOn is null")
    long countActiveInSubtree(@Param("prefix") String pathPrefix);

    long count();

    @Query("select a.id, a.timeZone from Area a where a.id in :ids")
    List<Object[]> findZones(@Param("ids") Collection<UUID> ids);
}
