package org.openloa.protocol;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GET /edge/v1/manifest: everything a box needs to play its next hours, in one document behind an ETag
 * (Xibo's RequiredFiles + Schedule in one). Times are absolute instants: recurrence and time zones are
 * expanded on the server, so a box never applies zone or daylight-saving rules.
 *
 * @param version     changes whenever anything in the document changes; the ETag carries it too
 * @param serverTime  the server's clock when it answered, so a box can correct its own
 * @param pollSeconds how long to wait before asking again (a box adds jitter)
 * @param settings    the device's settings
 * @param items       the plan: what plays when, non-overlapping as the server resolved it
 * @param media       every file the items need, with size and SHA-256 to verify a download
 * @param purge       ids of media the box may delete now
 * @param commands    commands not yet acknowledged (a box acknowledges them in its heartbeat)
 * @param withdrawn   items taken off air lately, with the reason: a box that plays one stops it and logs
 *                    INTERRUPTED with that reason (an item that just disappears is stopped too, without one)
 */
public record Manifest(
        String version,
        OffsetDateTime serverTime,
        int pollSeconds,
        Settings settings,
        List<Item> items,
        List<Media> media,
        List<String> purge,
        List<Command> commands,
        List<Withdrawal> withdrawn) {

    public Manifest {
        Checks.text(version, "version");
        Checks.present(serverTime, "serverTime");
        if (pollSeconds < 1) {
            throw new IllegalArgumentException("pollSeconds must be at least 1, was " + pollSeconds);
        }
        Checks.present(settings, "settings");
        items = Checks.list(items, "items");
        media = Checks.list(media, "media");
        purge = Checks.list(purge, "purge");
        commands = Checks.list(commands, "commands");
        withdrawn = Checks.list(withdrawn, "withdrawn");
        Checks.unique(items.stream().map(Item::id).toList(), "items");
        Checks.unique(media.stream().map(Media::id).toList(), "media");
        Checks.unique(commands.stream().map(Command::id).toList(), "commands");
        Set<String> listed = new HashSet<>(media.stream().map(Media::id).toList());
        for (Item item : items) {
            for (String mediaId : item.mediaIds()) {
                if (!listed.contains(mediaId)) {
                    throw new IllegalArgumentException(
                            "item " + item.id() + " needs media " + mediaId + ", which media does not list");
                }
            }
            if (item.fallbackMediaId() != null && !listed.contains(item.fallbackMediaId())) {
                throw new IllegalArgumentException("item " + item.id() + " falls back on media "
                        + item.fallbackMediaId() + ", which media does not list");
            }
        }
    }

    /** A manifest with nothing withdrawn, as servers before {@code withdrawn} sent it. */
    public Manifest(
            String version,
            OffsetDateTime serverTime,
            int pollSeconds,
            Settings settings,
            List<Item> items,
            List<Media> media,
            List<String> purge,
            List<Command> commands) {
        this(version, serverTime, pollSeconds, settings, items, media, purge, commands, List.of());
    }

    /** Why the item with this id was taken off air, if the manifest says. */
    public Optional<Withdrawal> withdrawal(String itemId) {
        return withdrawn.stream().filter(w -> w.itemId().equals(itemId)).findFirst();
    }

    public Optional<Media> mediaWithId(String id) {
        return media.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * The device's settings.
     *
     * @param volume           the device's volume in percent, for items that do not set their own
     * @param quietHours       stretches of time in which only EMERGENCY items play (expanded by the
     *                         server, like the plan)
     * @param heartbeatSeconds how often to send a heartbeat; absent means the box's own default
     */
    public record Settings(int volume, List<QuietHours> quietHours, Integer heartbeatSeconds) {

        public Settings {
            Checks.volume(volume, "settings.volume");
            quietHours = Checks.list(quietHours, "settings.quietHours");
            if (heartbeatSeconds != null && heartbeatSeconds < 1) {
                throw new IllegalArgumentException("settings.heartbeatSeconds must be at least 1");
            }
        }

        public boolean quietAt(OffsetDateTime at) {
            return quietHours.stream().anyMatch(q -> q.covers(at));
        }
    }

    /** A half-open stretch [start, end) of quiet. */
    public record QuietHours(OffsetDateTime start, OffsetDateTime end) {

        public QuietHours {
            Checks.present(start, "quietHours.start");
            Checks.present(end, "quietHours.end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("quietHours must end after they start: " + start + " .. " + end);
            }
        }

        public boolean covers(OffsetDateTime at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    /**
     * One entry of the plan: play at {@code start}, stop by {@code end}.
     *
     * @param id        stable across re-plans, so play logs keep matching the plan
     * @param start     when it starts
     * @param end       when it must have stopped
     * @param priority  EMERGENCY interrupts anything lower
     * @param kind      AUDIO plays {@code mediaIds} in order; STREAM and LIVE play {@code streamUrl} live
     * @param mediaIds  for AUDIO, the media to play, in order (an id may repeat)
     * @param streamUrl for STREAM and LIVE, the live source
     * @param volume    the item's own volume in percent; absent means the device's
     * @param fallbackMediaId for STREAM, the area's fallback bulletin (bản tin dự phòng), listed in {@code media}
     *                  so the box caches it: played in a loop while the source is lost or silent. Absent: the box
     *                  plays a short tone instead, never silence
     * @param sourceWarning for STREAM, set when the server's probe before air found the source dead or silent
     *                  (the words of the finding); the box still tries the source, and falls back at once if it
     *                  does not answer. Absent when the probe found it well or has not run
     */
    public record Item(
            String id,
            OffsetDateTime start,
            OffsetDateTime end,
            Priority priority,
            Kind kind,
            List<String> mediaIds,
            String streamUrl,
            Integer volume,
            String fallbackMediaId,
            String sourceWarning) {

        public Item {
            Checks.text(id, "items.id");
            Checks.present(start, "items.start");
            Checks.present(end, "items.end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("item " + id + " must end after it starts: " + start + " .. " + end);
            }
            Checks.present(priority, "items.priority");
            Checks.present(kind, "items.kind");
            mediaIds = Checks.list(mediaIds, "items.mediaIds");
            if (kind == Kind.AUDIO && mediaIds.isEmpty()) {
                throw new IllegalArgumentException("AUDIO item " + id + " needs mediaIds");
            }
            if (kind.streamed()) {
                Checks.text(streamUrl, "items.streamUrl");
            }
            if (volume != null) {
                Checks.volume(volume, "items.volume");
            }
        }

        /** An item without relay fallback or probe warning, as servers before those fields sent it. */
        public Item(
                String id,
                OffsetDateTime start,
                OffsetDateTime end,
                Priority priority,
                Kind kind,
                List<String> mediaIds,
                String streamUrl,
                Integer volume) {
            this(id, start, end, priority, kind, mediaIds, streamUrl, volume, null, null);
        }
    }

    /**
     * A file an item needs.
     *
     * @param id         the media id
     * @param sha256     SHA-256 of the bytes, 64 lower-case hex digits: a box plays nothing that does not match
     * @param size       the length in bytes
     * @param mimeType   e.g. audio/mpeg
     * @param durationMs how long it plays
     * @param url        where to fetch it (Range supported): absolute, e.g. a presigned object-store URL,
     *                   or relative to the server; absent means /edge/v1/media/{id}
     */
    public record Media(String id, String sha256, long size, String mimeType, long durationMs, String url) {

        public Media {
            Checks.text(id, "media.id");
            Checks.sha256(sha256, "media.sha256");
            if (size < 0) {
                throw new IllegalArgumentException("media.size must not be negative");
            }
            if (durationMs < 0) {
                throw new IllegalArgumentException("media.durationMs must not be negative");
            }
        }
    }

    /**
     * Something an operator asked the device to do. Each runs once: a box remembers the ids it has run
     * and acknowledges them in its heartbeats until the server stops sending them.
     *
     * @param id   the command's id
     * @param type what to do
     * @param args the arguments as strings, e.g. {@code {"volume": "80"}} for SET_VOLUME
     */
    public record Command(String id, CommandType type, Map<String, String> args) {

        public Command {
            Checks.text(id, "commands.id");
            Checks.present(type, "commands.type");
            args = args == null ? Map.of() : Map.copyOf(args);
        }

        /** An integer argument; empty when absent or not a number. */
        public Optional<Integer> intArg(String name) {
            String value = args.get(name);
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.valueOf(value.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * An item taken off air before its end (an operator stopped an emergency, a CAP Cancel, a broadcast
     * withdrawn). Listed for a while after it happened, so a box that polls late still learns why.
     *
     * @param itemId the item, as it was in {@code items}
     * @param reason why, in words fit for a play log, e.g. "stopped by operator: false alarm"
     * @param at     when it was taken off air
     */
    public record Withdrawal(String itemId, String reason, OffsetDateTime at) {

        public Withdrawal {
            Checks.text(itemId, "withdrawn.itemId");
            Checks.text(reason, "withdrawn.reason");
            Checks.present(at, "withdrawn.at");
        }
    }

    /**
     * The three levels of Circular 39/2020/TT-BTTTT, lowest first: {@link #outranks} compares the order.
     */
    public enum Priority {
        /** Thông thường. */
        NORMAL,
        /** Ưu tiên: first in its session; does not interrupt. */
        PRIORITY,
        /** Khẩn cấp: plays at its start, interrupting anything lower. */
        EMERGENCY;

        public boolean outranks(Priority other) {
            return ordinal() > other.ordinal();
        }
    }

    public enum Kind {
        /** Recorded media, played from the box's cache. */
        AUDIO,
        /** A live stream, played from its URL for the item's slot. */
        STREAM,
        /**
         * A live session (a person speaking now, docs/live.md): played from its URL like a STREAM, for as long
         * as the item stays in the manifest; its end is a ceiling, the session ends earlier by leaving the
         * manifest (listed in {@code withdrawn}).
         */
        LIVE;

        /** Whether it plays from {@code streamUrl} rather than from cached media. */
        public boolean streamed() {
            return this != AUDIO;
        }
    }

    public enum CommandType {
        /** Poll and report now. */
        SYNC_NOW,
        /** Set the device volume: args {@code volume} in 0..100. */
        SET_VOLUME,
        /** Stop what is playing now. */
        STOP,
        /** Exit so the service manager starts the agent again. */
        RESTART_AGENT,
        /**
         * Install another agent version: args {@code version}, {@code url} (absolute, or relative to the server)
         * and {@code sha256} of the jar. The box downloads and verifies it, switches to it and restarts; the new
         * version must poll within the trial or the box goes back to the previous one (docs/edge-agent.md,
         * "Remote upgrade"). The heartbeat's {@code upgrade} tells how it went.
         */
        UPGRADE
    }
}
