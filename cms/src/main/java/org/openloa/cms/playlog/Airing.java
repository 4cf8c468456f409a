package org.openloa.cms.playlog;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Whether an item of the calendar went on air in an area, from its devices' play logs (docs/operator-guide.md,
 * "Play history"). Only devices that were online count: a device that reported the item, or, once the item has
 * ended, a device heard from since its end (a box that was off would have sent its logs when it came back). A
 * box that has said nothing since is left out until it does.
 *
 * <ul>
 *   <li>{@code AIRED}: every counted device played the item to its end;
 *   <li>{@code PARTLY}: some played it, or part of it, but not all of it everywhere;
 *   <li>{@code NOT_AIRED}: none played any of it (also when no targeted device was online).
 * </ul>
 *
 * <p>The verdict is what the logs say so far: an item not yet ended gets one only when some device reported it.
 */
public enum Airing {
    AIRED,
    PARTLY,
    NOT_AIRED;

    /**
     * The verdict for one item, or null when there is nothing to say yet (not ended, nothing reported).
     *
     * @param reports       what the targeted devices reported of this item (others are ignored)
     * @param targeted      the devices the item was planned on
     * @param lastSeen      when each device was last heard from (null or absent: never)
     * @param end           when the item was planned to end
     * @param now           the present
     * @param mediaExpected how many media the item plays (a stream counts as one)
     */
    public static Airing of(
            Collection<PlayLogs.Heard> reports,
            Set<UUID> targeted,
            Map<UUID, Instant> lastSeen,
            Instant end,
            Instant now,
            int mediaExpected) {
        Map<UUID, PlayLogs.Heard> byDevice = new HashMap<>();
        for (PlayLogs.Heard h : reports) {
            if (targeted.contains(h.deviceId())) {
                byDevice.put(h.deviceId(), h);
            }
        }
        boolean ended = !end.isAfter(now);
        if (!ended && byDevice.isEmpty()) {
            return null;
        }
        int counted = 0;
        int full = 0;
        int any = 0;
        for (UUID device : targeted) {
            PlayLogs.Heard h = byDevice.get(device);
            if (h == null) {
                Instant seen = lastSeen.get(device);
                boolean online = ended && seen != null && !seen.isBefore(end);
                if (online) {
                    counted++;
                }
                continue;
            }
            counted++;
            if (h.full(mediaExpected)) {
                full++;
            }
            if (h.any()) {
                any++;
            }
        }
        if (any == 0) {
            return NOT_AIRED;
        }
        return full == counted ? AIRED : PARTLY;
    }
}
