package org.openloa.cms.live;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.scheduler.broadcast.Priority;

/**
 * One live session as stored (table live_session). Immutable: each change is a new value, saved by
 * {@link LiveSessions}, whose updates name the state they expect so two nodes never both end one.
 */
record LiveSession(
        UUID id,
        UUID areaId,
        String areaPath,
        List<Target> targets,
        String title,
        Priority priority,
        LiveState state,
        String sourceUsername,
        String sourceSecretHash,
        String listenUrl,
        UUID broadcastId,
        UUID bulletinId,
        String createdBy,
        UUID createdById,
        UUID creatorAreaId,
        String creatorScope,
        Instant createdAt,
        Instant onAirAt,
        Instant endedAt,
        String endReason,
        long bytesIn) {

    /** An area it airs in, with its path for reach checks. */
    record Target(UUID areaId, String areaPath) {}

    /** Whether the caller sees it: it airs within their areas. */
    boolean visibleTo(Caller caller) {
        return caller.reaches(areaPath) || targets.stream().anyMatch(t -> caller.reaches(t.areaPath()));
    }

    /** Whether the caller may end it: an OPERATOR or ADMIN of every area it airs in. */
    boolean operableBy(Caller caller) {
        return caller.mayOperate() && targets.stream().allMatch(t -> caller.mayOperate(t.areaPath()));
    }

    /** Who acts for it after the request that started it (on air, the recording): the person who started it. */
    Caller actor() {
        return new Caller(createdById, createdBy, Set.of(Role.OPERATOR), creatorAreaId, creatorScope);
    }

    LiveSession onAir(UUID broadcast, Instant at) {
        return new LiveSession(
                id,
                areaId,
                areaPath,
                targets,
                title,
                priority,
                LiveState.ON_AIR,
                sourceUsername,
                sourceSecretHash,
                listenUrl,
                broadcast,
                bulletinId,
                createdBy,
                createdById,
                creatorAreaId,
                creatorScope,
                createdAt,
                at,
                endedAt,
                endReason,
                bytesIn);
    }

    LiveSession ended(String reason, long bytes, Instant at) {
        return new LiveSession(
                id,
                areaId,
                areaPath,
                targets,
                title,
                priority,
                LiveState.ENDED,
                sourceUsername,
                sourceSecretHash,
                listenUrl,
                broadcastId,
                bulletinId,
                createdBy,
                createdById,
                creatorAreaId,
                creatorScope,
                createdAt,
                onAirAt,
                at,
                reason,
                bytes);
    }
}
