package org.openloa.cms.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;

/**
 * A new broadcast, or the fields of a change (null: keep). Content is either {@code bulletinIds} (approved
 * bulletins with audio, played in order) or {@code streamUrl} with {@code slotLength}. Target areas default
 * to the owner area ({@code areaId}, by default the caller's), so tags alone narrow within it; devices named in
 * {@code targetDeviceIds} are reached besides them (and alone, without areas or tags, are all it reaches).
 */
public record BroadcastDraft(
        UUID areaId,
        String title,
        List<UUID> bulletinIds,
        String streamUrl,
        Duration slotLength,
        List<UUID> targetAreaIds,
        List<String> targetTags,
        ScheduleSpec schedule,
        Priority priority,
        Integer volume,
        Integer repeatCount,
        Duration maxDelay,
        BroadcastState state,
        List<UUID> targetDeviceIds) {

    /** Without devices named one by one (a change keeps those it has). */
    public BroadcastDraft(
            UUID areaId,
            String title,
            List<UUID> bulletinIds,
            String streamUrl,
            Duration slotLength,
            List<UUID> targetAreaIds,
            List<String> targetTags,
            ScheduleSpec schedule,
            Priority priority,
            Integer volume,
            Integer repeatCount,
            Duration maxDelay,
            BroadcastState state) {
        this(
                areaId,
                title,
                bulletinIds,
                streamUrl,
                slotLength,
                targetAreaIds,
                targetTags,
                schedule,
                priority,
                volume,
                repeatCount,
                maxDelay,
                state,
                null);
    }

    /** Whether it names new content (bulletins or a stream) rather than keeping what plays. */
    boolean replacesContent() {
        return (bulletinIds != null && !bulletinIds.isEmpty()) || (streamUrl != null && !streamUrl.isBlank());
    }
}
