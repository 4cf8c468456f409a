package org.openloa.cms.device;

import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/**
 * The bulk reads for the scheduler (devices in service, under areas, tagged) load read-only: they only feed
 * {@link DeviceProfiles}; a device to be changed is loaded by {@link #findById} first.
 */
interface Devices extends Repository<Device, UUID> {

    Device save(Device device);

    Optional<Device> findById(UUID id);

    @Query(
            "select d from Device d where d.areaPath like concat(:prefix, '%') and (:retired = true or d.retiredAt is null)"
                    + " order by d.areaPath, d.name")
    List<Device> findUnder(@Param("prefix") String pathPrefix, @Param("retired") boolean includeRetired);

    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query("select d from Device d where d.retiredAt is null and d.areaPath like concat(:prefix, '%')")
    List<Device> findInServiceUnder(@Param("prefix") String pathPrefix);

    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query("select distinct d from Device d join d.tags t where d.retiredAt is null and t in :tags")
    List<Device> findInServiceTagged(@Param("tags") Collection<String> tags);

    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query("select d from Device d where d.retiredAt is null")
    List<Device> findInService();

    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query("select distinct d from Device d left join fetch d.tags where d.retiredAt is null and d.id in :ids")
    List<Device> findInServiceAmong(@Param("ids") Collection<UUID> ids);

    @Query("select new org.openloa.cms.device.DeviceName(d.id, d.name, d.areaId) from Device d"
            + " where d.areaPath like concat(:prefix, '%')")
    List<DeviceName> findNamesUnder(@Param("prefix") String pathPrefix);

    @Query("select new org.openloa.cms.device.DeviceName(d.id, d.name, d.areaId) from Device d where d.id in :ids")
    List<DeviceName> findNames(@Param("ids") Collection<UUID> ids);

    @Query("select count(d) from Device d where d.retiredAt is null and d.areaPath like concat(:prefix, '%')")
    long countInServiceUnder(@Param("prefix") String pathPrefix);

    /** Candidates for going offline: heard from before {@code before} and not yet marked. */
    @Query("select d from Device d where d.retiredAt is null and d.offlineSince is null and d.lastSeenAt < :before")
    List<Device> findSilentSince(@Param("before") Instant before);

    @Modifying
    @Query("update Device d set d.offlineSince = :now where d.id in :ids and d.offlineSince is null")
    int markOffline(@Param("ids") Collection<UUID> ids, @Param("now") Instant now);
}
