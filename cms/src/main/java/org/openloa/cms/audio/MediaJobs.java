package org.openloa.cms.audio;

import java.time.Instant;
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

    /** Work to pick up after a restart: queued, or running but silent for too long (its node died). */
    @Query("select j.id from MediaJob j where j.state = 'QUEUED' or (j.state = 'RUNNING' and j.updatedAt < :stale)")
    List<UUID> findResumable(@Param("stale") Instant stale);

    /** Takes a job for this node; zero rows means another node has it. */
    @Modifying
    @Query("update MediaJob j set j.state = 'RUNNING', j.progress = 0, j.updatedAt = :now, j.version = j.version + 1 "
            + "where j.id = :id and (j.state = 'QUEUED' or (j.state = 'RUNNING' and j.updatedAt < :stale))")
    int claim(@Param("id") UUID id, @Param("now") Instant now, @Param("stale") Instant stale);

    @Modifying
    @Query(
            "update MediaJob j set j.progress = :progress, j.updatedAt = :now where j.id = :id and j.state = 'RUNNING' and j.progress < :progress")
    int progress(@Param("id") UUID id, @Param("progress") double progress, @Param("now") Instant now);
}
