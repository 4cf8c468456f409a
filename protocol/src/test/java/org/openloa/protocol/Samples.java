package org.openloa.protocol;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.openloa.protocol.Manifest.Command;
import org.openloa.protocol.Manifest.CommandType;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Kind;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.Manifest.QuietHours;
import org.openloa.protocol.Manifest.Settings;

/** A small world of protocol documents for the tests. */
final class Samples {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Samples() {}

    static OffsetDateTime t(String text) {
        return OffsetDateTime.parse(text);
    }

    static Item audio(String id, String start, String end, Priority priority, String... mediaIds) {
        return new Item(id, t(start), t(end), priority, Kind.AUDIO, List.of(mediaIds), null, null);
    }

    static Media media(String id) {
        return new Media(id, SHA, 1024, "audio/mpeg", 10_000, null);
    }

    static Manifest manifest() {
        return new Manifest(
                "v7",
                t("2026-11-23T05:58:30+07:00"),
                60,
                new Settings(
                        70,
                        List.of(new QuietHours(t("2026-11-23T22:00:00+07:00"), t("2026-11-24T05:00:00+07:00"))),
                        null),
                List.of(
                        audio(
                                "b-1@06",
                                "2026-11-23T06:00:00+07:00",
                                "2026-11-23T06:00:10+07:00",
                                Priority.NORMAL,
                                "m-1"),
                        new Item(
                                "b-2@17",
                                t("2026-11-23T17:30:00+07:00"),
                                t("2026-11-23T18:00:00+07:00"),
                                Priority.EMERGENCY,
                                Kind.STREAM,
                                null,
                                "https://radio.example.vn/live",
                                90)),
                List.of(media("m-1")),
                List.of("m-0"),
                List.of(new Command("c-1", CommandType.SET_VOLUME, Map.of("volume", "80"))));
    }

    static Heartbeat heartbeat() {
        return new Heartbeat(
                "hb-1",
                t("2026-11-22T23:01:00Z"),
                null,
                70,
                1_000_000,
                "0.1.0",
                61,
                false,
                250,
                null,
                List.of("c-1"),
                List.of(new Heartbeat.MediaError("m-1", "sha256 mismatch", t("2026-11-22T23:00:30Z"))));
    }

    static PlayLog played() {
        return new PlayLog(
                "p-1",
                "b-1@06",
                "m-1",
                t("2026-11-22T23:00:00Z"),
                t("2026-11-22T23:00:10Z"),
                PlayLog.Outcome.PLAYED,
                null);
    }

    static PlayLog stream() {
        return new PlayLog(
                "p-2",
                "b-2@17",
                null,
                t("2026-11-23T10:30:00Z"),
                null,
                PlayLog.Outcome.INTERRUPTED,
                "agent stopped while playing");
    }
}
