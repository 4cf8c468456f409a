package org.openloa.cms.audio;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface MediaJobs extends Repository<MediaJob, UUID> {

    MediaJob save(MediaJob job);

    Optional<MediaJob> findById(UUID id);

    List<MediaJob> findByBulletinIdOrderByCreatedAtDesc(UUID bulletinId);

    /** Oldest first: resumed, they take their lanes in the order they were queued. */
    @Query("select j from MediaJob j where j.state = 'QUEUED' order by j.createdAt, j.id")
    List<MediaJob> findQueued();

    /** Running jobs whose node is not among {@code live}: that node died under them. */
    @Query("select j from MediaJob j where j.state = 'RUNNING' and (j.nodeId is null or j.nodeId not in :live)")
    List<MediaJob> findRunningOutside(@Param("live") Collection<UUID> live);

    /** Takes a queued job for this node; zero rows means another node has it. */
    @Modifying
    @Query("update MediaJob j set j.state = 'RUNNING', j.progress = 0, j.updatedAt = :now, j.nodeId = :node,"
            + " j.attempts = j.attempts + 1, j.version = j.version + 1 where j.id = :id and j.state = 'QUEUED'")
    int claim(@Param("id") UUID id, @Param("node") UUID node, @Param("now") Instant now);

    @Modifying
    @Query("update MediaJob j set j.progress = :progress, j.updatedAt = :now where j.id = :id and j.state = 'RUNNING'"
            + " and j.nodeId = :node and j.progress < :progress")
    int progress(
            @Param("id") UUID id,
            @Param("node") UUID node,
            @Param("progress") double progress,
            @Param("now") Instant now);
}
