package org.openloa.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command player with real processes (coreutils only). */
class CommandPlayerTest {

    @TempDir
    Path dir;

    @Test
    void theCommandGetsTheFileAndTheVolumeAndNoShellEverSeesTheName() throws Exception {
        Path file = Files.writeString(dir.resolve("a b;touch pwned"), "audio");
        CommandPlayer player =
                new CommandPlayer("cp {file} " + dir + "/copy-{volume}-{gain}", dir.resolve("player.log"));

        Ending ending = player.start(request(file, 70)).ended().get(10, TimeUnit.SECONDS);

        assertThat(ending.played()).isTrue();
        assertThat(dir.resolve("copy-70-0.70")).hasContent("audio");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aFailingCommandIsAFailureQuotingItsLastOutputLine() throws Exception {
        CommandPlayer player = new CommandPlayer("ls {file}.missing", dir.resolve("player.log"));

        Ending ending = player.start(request(dir.resolve("news"), 70)).ended().get(10, TimeUnit.SECONDS);

        assertThat(ending.played()).isFalse();
        assertThat(ending.failure()).contains("status 2").contains("news.missing");
    }

    @Test
    void stopEndsAPlayAtOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("news"), "audio");
        Playback play = new CommandPlayer("tail -f {file}", dir.resolve("player.log")).start(request(file, 70));

        play.stop();

        assertThat(play.ended().get(5, TimeUnit.SECONDS).played()).isFalse();
    }

    @Test
    void aTemplateWithoutAFileIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CommandPlayer("aplay", dir.resolve("player.log")))
                .withMessageContaining("{file}");
    }

    private static PlayRequest request(Path file, int volume) {
        return new PlayRequest("item", "media", file, null, null, "audio/mpeg", volume, 1000);
    }
}
