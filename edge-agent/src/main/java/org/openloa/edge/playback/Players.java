package org.openloa.edge.playback;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The player the {@code player} setting names. */
public final class Players {

    private Players() {}

    /**
     * @param setting {@code file:<dir>} for the file sink, else a command template
     * @param ffmpeg  the ffmpeg the file sink decodes with
     * @param dataDir where a command player writes the output of its last play ({@code player.log})
     */
    public static Player fromSetting(String setting, String ffmpeg, Clock clock, Path dataDir) {
        return fromSetting(setting, ffmpeg, clock, dataDir, RelaySettings.DEFAULT);
    }

    /**
     * As above; streams go through a {@link RelayingPlayer}, which keeps the player fed from the source or, while
     * it is lost or silent, from the fallback.
     */
    public static Player fromSetting(String setting, String ffmpeg, Clock clock, Path dataDir, RelaySettings relay) {
        Player player = setting.startsWith("file:")
                ? new FileSinkPlayer(Path.of(setting.substring("file:".length())), ffmpeg, clock)
                : new CommandPlayer(setting, dataDir.resolve("player.log"));
        return new RelayingPlayer(
                player,
                ffmpeg,
                new Relay.Tuning(relay.silence(), relay.silenceDb(), Duration.ofSeconds(2), Duration.ofSeconds(2)),
                clock);
    }

    /** The agent settings relay.silence.seconds and relay.silence.db. */
    public record RelaySettings(Duration silence, int silenceDb) {
        public static final RelaySettings DEFAULT = new RelaySettings(Duration.ofSeconds(10), -50);
    }
}
