package org.openloa.cms.user;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Users by the area tree: joins the area table by its path, the one place user reads area data. */
interface UserQueries extends Repository<UserAccount, UUID> {

    @Query(
            "select u from UserAccount u, org.openloa.cms.area.Area a where a.id = u.areaId and a.path like concat(:scope, '%') order by u.username")
    List<UserAccount> inSubtree(@Param("scope") String scope);

    @Query(
            "select count(u) from UserAccount u, org.openloa.cms.area.Area a where a.id = u.areaId and a.path like concat(:scope, '%')")
    long countInSubtree(@Param("scope") String scope);
}
