package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.testing.RequiredTools;

class FfmpegTest {

    @TempDir
    Path dir;

    @Test
    void locateFindsTheSystemFfmpegWithItsFfprobe() throws IOException {
        Path system = RequiredTools.require("ffmpeg", "ffmpeg");
        RequiredTools.require("ffprobe", "ffmpeg");

        Ffmpeg ffmpeg = Ffmpeg.locate();

        assertThat(ffmpeg.origin()).isEqualTo(Ffmpeg.Origin.SYSTEM);
        assertThat(ffmpeg.executable()).isEqualTo(system.toAbsolutePath());
        assertThat(ffmpeg.ffprobe())
                .hasValueSatisfying(probe -> assertThat(probe.getFileName()).hasToString("ffprobe"));
        assertThat(ffmpeg.version()).startsWith("ffmpeg version ");
    }

    @Test
    void bundledFfmpegIsExtractedAndRunsWithoutFfprobe() throws IOException {
        Ffmpeg bundled = Ffmpeg.bundled(dir);

        assertThat(bundled.origin()).isEqualTo(Ffmpeg.Origin.BUNDLED);
        assertThat(bundled.executable()).startsWith(dir).isExecutable();
        assertThat(bundled.ffprobe()).isEmpty();
        assertThat(bundled.version()).startsWith("ffmpeg version 4.4");
    }

    @Test
    void extractingTwiceReusesTheFirstCopy() throws IOException {
        Path first = Ffmpeg.bundled(dir).executable();
        long modified = Files.getLastModifiedTime(first).toMillis();

        Path second = Ffmpeg.bundled(dir).executable();

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
    }

    @Test
    void concurrentExtractionsLeaveOneWholeWorkingBinary() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Ffmpeg>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(pool.submit(() -> Ffmpeg.bundled(dir)));
            }
            for (Future<Ffmpeg> each : all) {
                assertThat(each.get().version()).startsWith("ffmpeg version 4.4");
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files)
                    .singleElement()
                    .satisfies(file -> assertThat(file.getFileName().toString()).startsWith("ffmpeg-amd64-"));
        }
    }

    @Test
    void aConfiguredPathThatIsNoFfmpegFailsAtOnce() throws IOException {
        Path notFfmpeg = Files.writeString(dir.resolve("ffmpeg"), "#!/bin/sh\necho hello\n");
        notFfmpeg.toFile().setExecutable(true);

        assertThatThrownBy(() -> Ffmpeg.at(dir.resolve("missing/ffmpeg")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an executable file");
        assertThatThrownBy(() -> Ffmpeg.at(notFfmpeg))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not run as ffmpeg");
    }
}
