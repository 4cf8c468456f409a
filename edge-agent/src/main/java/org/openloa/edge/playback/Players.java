package org.openloa.edge.playback;

import java.nio.file.Path;
import java.time.Clock;

/** The player the {@code player} setting names. */
public final class Players {

    private Players() {}

    /**
     * @param setting {@code file:<dir>} for the file sink, else a command template
     * @param ffmpeg  the ffmpeg the file sink decodes with
     * @param dataDir where a command player writes the output of its last play ({@code player.log})
     */
    public static Player fromSetting(String setting, String ffmpeg, Clock clock, Path dataDir) {
        if (setting.startsWith("file:")) {
            return new FileSinkPlayer(Path.of(setting.substring("file:".length())), ffmpeg, clock);
        }
        return new CommandPlayer(setting, dataDir.resolve("player.log"));
    }
}
