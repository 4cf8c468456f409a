package org.openloa.edge.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.StandInCms;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/**
 * The Debian package Maven builds (target/openloa-agent_*_all.deb, made before the tests by jdeb): what it holds,
 * checked with dpkg-deb; then, as root on Debian (CI), installed with dpkg -i, the agent started with the unit's
 * own command line and environment as the package's user (systemd aside), seen enrolling, polling and sending
 * heartbeats, and purged again.
 */
class DebianPackageTest {

    @TempDir
    Path dir;

    @Test
    void holdsTheJarTheLauncherTheUnitAndTheSettingsAsAConffile() throws Exception {
        RequiredTools.require("dpkg-deb", "dpkg");
        Path deb = deb();

        assertThat(run("dpkg-deb", "--field", deb.toString(), "Package")).isEqualTo("openloa-agent");
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Architecture")).isEqualTo("all");
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Depends")).contains("java17-runtime-headless");
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Version")).startsWith("0.");

        String contents = run("dpkg-deb", "--contents", deb.toString());
        assertThat(contents)
                .containsPattern("-rw-r--r-- root/root .* \\./usr/share/openloa-agent/edge-agent\\.jar")
                .containsPattern("-rwxr-xr-x root/root .* \\./usr/bin/openloa-agent")
                .containsPattern("-rw-r--r-- root/root .* \\./lib/systemd/system/openloa-agent\\.service")
                .containsPattern("-rw-r----- root/root .* \\./etc/openloa-agent/agent\\.properties");

        Path control = dir.resolve("control");
        run("dpkg-deb", "--control", deb.toString(), control.toString());
        assertThat(Files.readString(control.resolve("conffiles")).strip())
                .isEqualTo("/etc/openloa-agent/agent.properties");
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("useradd --system")
                .contains("install -d -o \"$USER_NAME\" -g \"$USER_NAME\" -m 0700 \"$DATA\"");
        assertThat(Files.readString(control.resolve("postrm"))).contains("purge");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
            assertThat(run("sh", "-n", control.resolve(script).toString()))
                    .as(script + " parses")
                    .isEmpty();
        }

        Path root = dir.resolve("root");
        run("dpkg-deb", "--extract", deb.toString(), root.toString());
        String unit = Files.readString(root.resolve("lib/systemd/system/openloa-agent.service"));
        assertThat(unit)
                .contains("User=openloa-agent")
                .contains("StateDirectory=openloa-agent")
                .contains("ExecStart=/usr/bin/openloa-agent /etc/openloa-agent/agent.properties")
                .contains("Restart=always")
                .contains("RestartPreventExitStatus=78")
                .doesNotContain("StandardOutput=file"); // stderr goes to the journal
        String settings = Files.readString(root.resolve("etc/openloa-agent/agent.properties"));
        assertThat(settings)
                .contains("data.dir=/var/lib/openloa-agent")
                .containsPattern("(?m)^player=ffmpeg .*-f alsa default$");
        assertThat(run(
                        "java",
                        "-jar",
                        root.resolve("usr/share/openloa-agent/edge-agent.jar").toString(),
                        "--version"))
                .isEqualTo(run("dpkg-deb", "--field", deb.toString(), "Version").replace('~', '-'));
    }

    @Test
    void installsRunsAsItsOwnUserEnrolsAndPollsThenPurgesClean() throws Exception {
        RequiredTools.require("dpkg", "dpkg");
        RequiredTools.require("runuser", "util-linux");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (Boolean.getBoolean("openloa.require-tools")) {
            assertThat(root).as("CI runs as root: dpkg -i must be tried").isTrue();
        }
        Assumptions.assumeTrue(root, "installing a package needs root");
        Path deb = deb();
        purge();

        try (StandInCms cms = StandInCms.start().device("PKG-CODE", "d-pkg", "secret-pkg")) {
            cms.manifest(org.openloa.edge.testing.Plans.manifest("m-pkg", List.of(), List.of()));
            run("dpkg", "-i", deb.toString());

            assertThat(run("getent", "passwd", "openloa-agent")).contains("/usr/sbin/nologin");
            Path data = Path.of("/var/lib/openloa-agent");
            PosixFileAttributes dataAttributes = Files.readAttributes(data, PosixFileAttributes.class);
            assertThat(dataAttributes.owner().getName()).isEqualTo("openloa-agent");
            assertThat(PosixFilePermissions.toString(dataAttributes.permissions()))
                    .isEqualTo("rwx------");
            Path settings = Path.of("/etc/openloa-agent/agent.properties");
            PosixFileAttributes settingsAttributes = Files.readAttributes(settings, PosixFileAttributes.class);
            assertThat(settingsAttributes.group().getName()).isEqualTo("openloa-agent");
            assertThat(PosixFilePermissions.toString(settingsAttributes.permissions()))
                    .isEqualTo("rw-r-----");
            assertThat(run("dpkg-query", "--showformat=${Conffiles}", "--show", "openloa-agent"))
                    .contains("/etc/openloa-agent/agent.properties");

            // What an installer does next: the server and the enrolment code. Polls are quick for the test.
            Files.writeString(
                    settings,
                    Files.readString(settings) + "server.url=" + cms.url() + "\nenrollment.code=PKG-CODE\n"
                            + "poll.seconds=1\npoll.wait.seconds=0\nheartbeat.seconds=1\n",
                    StandardCharsets.UTF_8);

            // The unit's command line and environment, as the unit's user: systemd aside, the same process.
            Map<String, String> unit = unitEnvironment(Path.of("/lib/systemd/system/openloa-agent.service"));
            List<String> command = new ArrayList<>(List.of("runuser", "-u", "openloa-agent", "--", "env"));
            unit.forEach((k, v) -> command.add(k + "=" + v));
            command.addAll(List.of("/usr/bin/openloa-agent", "/etc/openloa-agent/agent.properties"));
            Path log = dir.resolve("agent.log");
            Process agent = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                Await.until(
                        "the packaged agent enrols, polls and reports; log:\n" + read(log),
                        Duration.ofSeconds(120),
                        () -> !cms.heartbeats().isEmpty()
                                && !cms.requests("/edge/v1/manifest").isEmpty());
                Path credential = data.resolve("credential.json");
                assertThat(Files.readAttributes(credential, PosixFileAttributes.class)
                                .owner()
                                .getName())
                        .isEqualTo("openloa-agent");
                assertThat(cms.heartbeats().get(0).agentVersion())
                        .isEqualTo(run("dpkg-query", "--showformat=${Version}", "--show", "openloa-agent")
                                .replace('~', '-'));
                // The unit turns class sharing off (less resident memory): the launcher makes no archive.
                assertThat(unit.get("JAVA_OPTS")).contains("-Xshare:off");
                assertThat(data.resolve("agent.jsa"))
                        .as("an AppCDS archive, with class sharing off")
                        .doesNotExist();
            } finally {
                agent.descendants().forEach(ProcessHandle::destroy);
                agent.destroy();
                if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                    agent.descendants().forEach(ProcessHandle::destroyForcibly);
                    agent.destroyForcibly();
                }
            }
        } finally {
            purge();
        }
        assertThat(run("sh", "-c", "getent passwd openloa-agent || echo gone")).isEqualTo("gone");
        assertThat(Path.of("/var/lib/openloa-agent")).doesNotExist();
        assertThat(Path.of("/usr/share/openloa-agent/edge-agent.jar")).doesNotExist();
    }

    /** Environment= lines of the unit (quoted or not); OPENLOA_* and JAVA_OPTS are what the agent reads. */
    static Map<String, String> unitEnvironment(Path unit) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^Environment=\"?([A-Z_]+)=(.*?)\"?$");
        for (String text : Files.readAllLines(unit)) {
            Matcher m = line.matcher(text.strip());
            if (m.matches()) {
                environment.put(m.group(1), m.group(2));
            }
        }
        assertThat(environment).containsKeys("OPENLOA_DATA_DIR", "JAVA_OPTS");
        return environment;
    }

    private static void purge() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("dpkg", "--purge", "openloa-agent").redirectErrorStream(true);
        Process p = builder.start();
        p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    static Path deb() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("openloa-agent_.*_all\\.deb"))
                    .toList();
            assertThat(debs)
                    .as("jdeb's package in target/ (made at process-test-classes)")
                    .hasSize(1);
            return debs.get(0).toAbsolutePath();
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out.strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
