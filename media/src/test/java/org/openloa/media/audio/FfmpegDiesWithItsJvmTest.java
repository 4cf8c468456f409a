package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/**
 * A JVM killed with SIGKILL (no shutdown hook runs) takes its ffmpeg with it: here a JVM of its own runs a
 * long ffmpeg through {@link FfmpegProcess} and is killed while ffmpeg works.
 */
class FfmpegDiesWithItsJvmTest {

    @Test
    void anFfmpegRunningForAKilledJvmEndsWithIt() throws Exception {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        assertThat(FfmpegProcess.DIES_WITH_PARENT)
                .as("setpriv (util-linux) ties children to the JVM on Linux")
                .isNotEmpty();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process jvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        LongFfmpeg.class.getName(),
                        ffmpeg.toString())
                .inheritIO()
                .start();
        try {
            ProcessHandle child = ffmpegOf(jvm);
            jvm.destroyForcibly();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Await.until(
                    "ffmpeg " + child.pid() + " ends with its JVM", Duration.ofSeconds(5), () -> !running(child.pid()));
        } finally {
            jvm.descendants().forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }

    /** The JVM's ffmpeg child, once it runs. */
    private static ProcessHandle ffmpegOf(Process jvm) {
        return Await.until(
                        "the JVM's ffmpeg started",
                        Duration.ofSeconds(60),
                        () -> {
                            assertThat(jvm.isAlive())
                                    .as("the JVM running ffmpeg")
                                    .isTrue();
                            return jvm.descendants()
                                    .filter(p -> p.info()
                                            .command()
                                            .map(c -> c.endsWith("ffmpeg"))
                                            .orElse(false))
                                    .findFirst();
                        },
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Alive and not a zombie (a killed child nobody has reaped yet is no longer running). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    /** Runs an hour of ffmpeg work, as an audio job would, until killed. */
    public static final class LongFfmpeg {
        public static void main(String[] args) throws IOException {
            FfmpegProcess.run(
                    List.of(
                            args[0],
                            "-hide_banner",
                            "-nostdin",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=duration=3600",
                            "-af",
                            "loudnorm",
                            "-f",
                            "null",
                            "-"),
                    FfmpegProcess.StdoutHandler.DISCARD,
                    Duration.ofHours(2));
        }
    }
}
