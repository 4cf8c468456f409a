package org.openloa.cms.emergency;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.device.DeviceStatus;

/**
 * Where every targeted device stands with an emergency's current airing, and the counts at the top of its page
 * ("212 / 230 on air, 18 offline"). Built from what the edge learned (the manifest that listed the item, the
 * box's item events and play logs) and the device's connection.
 */
public record Board(UUID emergencyId, EmergencyState state, Counts counts, List<Row> devices) {

    /** What a device did with the emergency, as an operator reads it. */
    public enum DeviceState {
        /** Nothing sent yet (the box has not asked since). */
        WAITING,
        /** The box was sent the item, or said it learned of it. */
        WOKE_UP,
        /** The box fetches the audio. */
        DOWNLOADING,
        /** The box has the audio, verified, and waits for its start. */
        READY,
        /** On air now. */
        PLAYING,
        /** Played to its end. */
        PLAYED,
        /** Could not play, or reached the box after its end. */
        FAILED,
        /** Stopped mid-play (taken off air). */
        STOPPED,
        /** The box is offline and nothing reached it. */
        OFFLINE;

        /** The page's CSS class and message key part: "woke-up". */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A state and when it was reached (by the box's clock for what the box reported). */
    public record Step(DeviceState state, Instant at) {}

    /**
     * One device: its name and area, its connection, the state it is in and since when, each state it went
     * through, and the box's reason for the last step when it gave one.
     */
    public record Row(
            UUID deviceId,
            String name,
            String areaPath,
            DeviceStatus connection,
            DeviceState state,
            Instant since,
            List<Step> steps,
            String reason) {}

    /** How many devices are in each state; on air is playing or played. */
    public record Counts(
            int total,
            int onAir,
            int waiting,
            int wokeUp,
            int downloading,
            int ready,
            int playing,
            int played,
            int failed,
            int stopped,
            int offline) {

        static Counts of(List<Row> rows) {
            int[] n = new int[DeviceState.values().length];
            rows.forEach(r -> n[r.state().ordinal()]++);
            return new Counts(
                    rows.size(),
                    n[DeviceState.PLAYING.ordinal()] + n[DeviceState.PLAYED.ordinal()],
                    n[DeviceState.WAITING.ordinal()],
                    n[DeviceState.WOKE_UP.ordinal()],
                    n[DeviceState.DOWNLOADING.ordinal()],
                    n[DeviceState.READY.ordinal()],
                    n[DeviceState.PLAYING.ordinal()],
                    n[DeviceState.PLAYED.ordinal()],
                    n[DeviceState.FAILED.ordinal()],
                    n[DeviceState.STOPPED.ordinal()],
                    n[DeviceState.OFFLINE.ordinal()]);
        }
    }
}
