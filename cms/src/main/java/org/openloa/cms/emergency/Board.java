package org.openloa.cms.emergency;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.device.DeviceStatus;

/**
 * Where every targeted device stands with an emergency's current airing, and the counts at the top of its page
 * ("212 / 230 on air, 18 offline"). Built from what the edge learned (the manifest that listed the item, the
 * box's item events and play logs) and the device's connection.
 */
@Schema(name = "EmergencyBoard", description = "Where every targeted device stands with an emergency")
public record Board(
        @Schema(description = "the emergency") UUID emergencyId,
        @Schema(description = "the emergency's state") EmergencyState state,

        @Schema(description = "how many devices are in each state")
        Counts counts,

        @Schema(description = "every targeted device the caller reaches, least advanced first")
        List<Row> devices) {

    /** What a device did with the emergency, as an operator reads it. */
    public enum DeviceState {
        /** Nothing sent yet (the box has not asked since). */
        WAITING,
        /** The box was sent the item, or said it learned of it. */
        WOKE_UP,
        /** The box said it learned of the item and fetches its audio: from its RECEIVED until its READY. */
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

    /**
     * A state, when it was reached (by the box's clock for what the box reported) and when the server learned of it.
     * A row's steps come in the order the server learned of them: one clock for every box.
     */
    @Schema(name = "EmergencyBoardStep", description = "A state a device reached, and when")
    public record Step(
            @Schema(description = "WAITING, WOKE_UP, DOWNLOADING, READY, PLAYING, PLAYED, FAILED, STOPPED or OFFLINE")
            DeviceState state,

            @Schema(description = "when it was first reached (the box's clock for what the box reported)")
            Instant at,

            @Schema(description = "when the server learned of it (its own clock); the steps come in this order")
            Instant receivedAt) {}

    /**
     * One device: its name and area, its connection, the state it is in and since when, each state it went
     * through, and the box's reason for the last step when it gave one.
     */
    @Schema(name = "EmergencyBoardDevice", description = "One targeted device on the board")
    public record Row(
            @Schema(description = "the device") UUID deviceId,
            @Schema(description = "its name") String name,

            @Schema(description = "the materialised path of its area")
            String areaPath,

            @Schema(description = "its connection: NEVER_SEEN, ONLINE, OFFLINE")
            DeviceStatus connection,

            @Schema(description = "where it stands with the emergency")
            DeviceState state,

            @Schema(description = "since when") Instant since,

            @Schema(description = "each state it went through, with when, in the order the server learned of them")
            List<Step> steps,

            @Schema(description = "the box's reason for its last step, if it gave one")
            String reason) {}

    /** How many devices are in each state; on air is playing or played. */
    @Schema(name = "EmergencyBoardCounts", description = "How many targeted devices are in each state")
    public record Counts(
            @Schema(description = "every targeted device") int total,
            @Schema(description = "playing or played") int onAir,
            @Schema(description = "nothing sent yet") int waiting,

            @Schema(description = "sent the item, or said it learned of it")
            int wokeUp,

            @Schema(description = "fetching the audio") int downloading,

            @Schema(description = "has the audio, waits for its start")
            int ready,

            @Schema(description = "on air now") int playing,
            @Schema(description = "played to its end") int played,

            @Schema(description = "could not play, or got it too late")
            int failed,

            @Schema(description = "stopped mid-play") int stopped,

            @Schema(description = "offline, and nothing reached it")
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
