package org.openloa.edge.testing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.Manifest.Command;
import org.openloa.protocol.Manifest.CommandType;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Kind;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.Manifest.Settings;

/** Builders for the small worlds the tests arrange: plans, items, media. */
public final class Plans {

    private Plans() {}

    public static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }

    public static Media media(String id, byte[] bytes, long durationMs) {
        return new Media(id, Audio.sha256(bytes), bytes.length, "audio/wav", durationMs, null);
    }

    public static Item audio(String id, Instant start, Instant end, Priority priority, String... mediaIds) {
        return new Item(id, at(start), at(end), priority, Kind.AUDIO, List.of(mediaIds), null, null);
    }

    public static Item stream(String id, Instant start, Instant end, Priority priority, String url) {
        return new Item(id, at(start), at(end), priority, Kind.STREAM, List.of(), url, null);
    }

    /** A live session's item (docs/live.md): played from its listen URL like a stream, never through a relay. */
    public static Item live(String id, Instant start, Instant end, Priority priority, String url) {
        return new Item(id, at(start), at(end), priority, Kind.LIVE, List.of(), url, null);
    }

    public static Manifest manifest(String version, List<Item> items, List<Media> media) {
        return new Manifest(
                version, at(Instant.now()), 60, new Settings(70, List.of(), null), items, media, List.of(), List.of());
    }

    public static Manifest withPoll(Manifest m, int pollSeconds, Integer heartbeatSeconds) {
        return new Manifest(
                m.version(),
                m.serverTime(),
                pollSeconds,
                new Settings(m.settings().volume(), m.settings().quietHours(), heartbeatSeconds),
                m.items(),
                m.media(),
                m.purge(),
                m.commands());
    }

    public static Manifest withSettings(Manifest m, Settings settings) {
        return new Manifest(
                m.version(), m.serverTime(), m.pollSeconds(), settings, m.items(), m.media(), m.purge(), m.commands());
    }

    public static Manifest withPurge(Manifest m, String version, String... purge) {
        return new Manifest(
                version,
                m.serverTime(),
                m.pollSeconds(),
                m.settings(),
                m.items(),
                m.media(),
                List.of(purge),
                m.commands());
    }

    public static Manifest withCommands(Manifest m, String version, Command... commands) {
        return new Manifest(
                version,
                m.serverTime(),
                m.pollSeconds(),
                m.settings(),
                m.items(),
                m.media(),
                m.purge(),
                List.of(commands));
    }

    public static Manifest withWithdrawn(Manifest m, String version, Manifest.Withdrawal... withdrawn) {
        return new Manifest(
                version,
                m.serverTime(),
                m.pollSeconds(),
                m.settings(),
                m.items(),
                m.media(),
                m.purge(),
                m.commands(),
                List.of(withdrawn));
    }

    public static Command command(String id, CommandType type, Map<String, String> args) {
        return new Command(id, type, args);
    }
}
