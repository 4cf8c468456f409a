package org.openloa.edge.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.edge.testing.Plans.command;
import static org.openloa.edge.testing.Plans.manifest;
import static org.openloa.edge.testing.Plans.withCommands;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.LauncherService;
import org.openloa.edge.testing.StandInCms;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.Heartbeat.UpgradeState;
import org.openloa.protocol.Manifest.CommandType;
import org.openloa.testing.Await;

/**
 * A remote upgrade end to end, with real processes: the packaged launcher (edge-agent/src/deb/files/openloa-agent)
 * runs the shaded jar (target/edge-agent.jar, made before the tests) against the stand-in cms, restarted on exit
 * as systemd would. The UPGRADE command's jar comes from a plain HTTP server. The versions differ only in their
 * manifest's Implementation-Version, which is what the agent reports in its heartbeats.
 */
class RemoteUpgradeTest {

    static final Path LAUNCHER = Path.of("src/deb/files/openloa-agent");
    static final Path PACKAGED = Path.of("target/edge-agent.jar");

    @TempDir
    Path dir;

    StandInCms cms;
    HttpServer files;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    LauncherService service;
    String packagedVersion;

    @BeforeEach
    void start() throws IOException {
        assertThat(PACKAGED).as("the shaded jar, made at process-test-classes").exists();
        packagedVersion = implementationVersion(Files.readAllBytes(PACKAGED));
        cms = StandInCms.start().device("CODE-U", "d-u", "secret-upgrade");
        cms.manifest(manifest("m-1", List.of(), List.of()));
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/agent/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        files.start();
        Path config = dir.resolve("agent.properties");
        Files.writeString(
                config,
                "server.url=" + cms.url() + "\n"
                        + "enrollment.code=CODE-U\n"
                        + "data.dir=" + dir.resolve("data") + "\n"
                        + "player=file:" + dir.resolve("plays") + "\n"
                        + "poll.seconds=1\n"
                        + "poll.wait.seconds=0\n"
                        + "heartbeat.seconds=1\n");
        service = LauncherService.start(
                LAUNCHER,
                config,
                Map.of(
                        "OPENLOA_PACKAGED_JAR", PACKAGED.toAbsolutePath().toString(),
                        "OPENLOA_CDS", "off",
                        "JAVA_OPTS", "-Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
                dir.resolve("service.log"));
        awaitVersion(packagedVersion);
    }

    @AfterEach
    void stop() throws InterruptedException {
        service.close();
        if (Boolean.getBoolean("openloa.agent.logs")) {
            System.out.println("service log:\n" + service.log());
        }
        files.stop(0);
        cms.close();
    }

    @Test
    void upgradesToAGoodJarThatPolls() throws Exception {
        byte[] good = withManifest(Files.readAllBytes(PACKAGED), "9.9.1-good", null);
        order("c-1", "9.9.1-good", serve("/agent/good.jar", good), sha256(good), 60);

        Heartbeat upgraded = awaitUpgrade(UpgradeState.UPGRADED, "9.9.1-good");
        assertThat(upgraded.agentVersion()).isEqualTo("9.9.1-good");
        assertThat(upgraded.commandsDone()).contains("c-1");
        assertThat(service.exits())
                .as("the old version left with 75 for the new one")
                .contains(75);
        Path current = dir.resolve("data/upgrade/current");
        assertThat(current.toRealPath())
                .isEqualTo(dir.resolve("data/upgrade/versions/9.9.1-good").toRealPath());
        assertThat(dir.resolve("data/upgrade/trial.running")).doesNotExist();
    }

    @Test
    void rollsBackAJarThatCannotStart() throws Exception {
        // A jar that names a main class it does not contain: the JVM exits 1 at once.
        byte[] broken = withManifest(Files.readAllBytes(PACKAGED), "9.9.2-broken", "org.openloa.edge.NoSuchMain");
        order("c-2", "9.9.2-broken", serve("/agent/broken.jar", broken), sha256(broken), 60);

        Heartbeat rolledBack = awaitUpgrade(UpgradeState.ROLLED_BACK, "9.9.2-broken");
        assertThat(rolledBack.agentVersion()).isEqualTo(packagedVersion);
        assertThat(rolledBack.upgrade().detail()).contains("exited with status");
        assertThat(dir.resolve("data/upgrade/current"))
                .as("back on the packaged jar")
                .doesNotExist();
    }

    @Test
    void rollsBackAJarThatRunsButNeverPolls() throws Exception {
        byte[] hangs = hangingJar("9.9.3-hangs");
        order("c-3", "9.9.3-hangs", serve("/agent/hangs.jar", hangs), sha256(hangs), 5);

        Heartbeat rolledBack = awaitUpgrade(UpgradeState.ROLLED_BACK, "9.9.3-hangs");
        assertThat(rolledBack.agentVersion()).isEqualTo(packagedVersion);
        assertThat(rolledBack.upgrade().detail()).contains("no good poll within 5 s");
    }

    @Test
    void refusesAJarWhoseSha256DoesNotMatch() throws Exception {
        byte[] good = withManifest(Files.readAllBytes(PACKAGED), "9.9.4-tampered", null);
        String claimed = sha256("something else".getBytes());
        order("c-4", "9.9.4-tampered", serve("/agent/tampered.jar", good), claimed, 60);

        Heartbeat refused = awaitUpgrade(UpgradeState.REFUSED, "9.9.4-tampered");
        assertThat(refused.upgrade().detail()).contains("sha256 mismatch");
        assertThat(refused.agentVersion()).isEqualTo(packagedVersion);
        assertThat(refused.commandsDone()).contains("c-4");
        assertThat(service.starts()).as("no restart for a refused upgrade").isEqualTo(1);
        assertThat(dir.resolve("data/upgrade/versions/9.9.4-tampered/edge-agent.jar"))
                .doesNotExist();
        assertThat(dir.resolve("data/upgrade/versions/9.9.4-tampered/edge-agent.jar.part"))
                .doesNotExist();
    }

    private void order(String id, String version, URI url, String sha256, int trialSeconds) {
        cms.manifest(withCommands(
                manifest("m-1", List.of(), List.of()),
                "m-" + id,
                command(
                        id,
                        CommandType.UPGRADE,
                        Map.of(
                                "version",
                                version,
                                "url",
                                url.toString(),
                                "sha256",
                                sha256,
                                "trialSeconds",
                                Integer.toString(trialSeconds)))));
    }

    private URI serve(String path, byte[] jar) {
        served.put(path, jar);
        return URI.create("http://127.0.0.1:" + files.getAddress().getPort() + path);
    }

    private void awaitVersion(String version) {
        Await.until(
                "a heartbeat from version " + version + "; log:\n" + service.log(),
                Duration.ofSeconds(60),
                () -> cms.heartbeats().stream().anyMatch(h -> h.agentVersion().equals(version)));
    }

    private Heartbeat awaitUpgrade(UpgradeState state, String version) {
        Await.until(
                "a heartbeat with upgrade " + state + " " + version + "; log:\n" + service.log(),
                Duration.ofSeconds(90),
                () -> latest(state, version).isPresent());
        return latest(state, version).orElseThrow();
    }

    private Optional<Heartbeat> latest(UpgradeState state, String version) {
        List<Heartbeat> all = cms.heartbeats();
        for (int i = all.size() - 1; i >= 0; i--) {
            Heartbeat h = all.get(i);
            if (h.upgrade() != null
                    && h.upgrade().state() == state
                    && h.upgrade().version().equals(version)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The same jar with another Implementation-Version (and, if given, another Main-Class). */
    static byte[] withManifest(byte[] jar, String version, String mainClass) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            if (mainClass != null) {
                manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
            }
            try (JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    jarOut.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(jarOut);
                    jarOut.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    /** A jar whose program starts and then does nothing: it never polls. Compiled here with the JDK's javac. */
    private byte[] hangingJar(String version) throws IOException {
        Path src = dir.resolve("hang/Hang.java");
        Files.createDirectories(src.getParent());
        Files.writeString(
                src,
                "public class Hang { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "--release", "17", "-d", src.getParent().toString(), src.toString());
        assertThat(status).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hang");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        var out = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("Hang.class"));
            jar.write(Files.readAllBytes(src.getParent().resolve("Hang.class")));
            jar.closeEntry();
        }
        return out.toByteArray();
    }

    static String implementationVersion(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
