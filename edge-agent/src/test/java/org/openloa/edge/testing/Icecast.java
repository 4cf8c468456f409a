package org.openloa.edge.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openloa.testing.RequiredTools;

/**
 * Debian's icecast2 on a free loopback port, with ffmpeg pushing a sine tone to a mount as a studio encoder would
 * (the Icecast source protocol). As root it drops to nobody through {@code <changeowner>}, since icecast2 refuses to
 * run as root. Skips loudly without icecast2 or ffmpeg (fails under -Dopenloa.require-tools=true).
 */
public final class Icecast implements AutoCloseable {

    private static final String PASSWORD = "source-secret";

    private final Path dir;
    private final int port;
    private final Process server;
    private final String ffmpeg;
    private Process source;

    private Icecast(Path dir, int port, Process server, String ffmpeg) {
        this.dir = dir;
        this.port = port;
        this.server = server;
        this.ffmpeg = ffmpeg;
    }

    public static Icecast start(Path dir) throws IOException, InterruptedException {
        Path icecast = RequiredTools.require("icecast2", "icecast2");
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("log"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String xml = """
                <icecast>
                  <limits><clients>20</clients><sources>4</sources><queue-size>524288</queue-size>
                    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
                    <source-timeout>3</source-timeout><burst-size>16384</burst-size></limits>
                  <authentication><source-password>%s</source-password>
                    <admin-user>admin</admin-user><admin-password>%s</admin-password></authentication>
                  <hostname>127.0.0.1</hostname>
                  <listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address></listen-socket>
                  <fileserve>0</fileserve>
                  <paths><basedir>%s</basedir><logdir>%s</logdir>
                    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
                  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
                  <security><chroot>0</chroot>%s</security>
                </icecast>
                """.formatted(
                        PASSWORD,
                        PASSWORD,
                        port,
                        dir,
                        dir.resolve("log"),
                        root ? "<changeowner><user>nobody</user><group>nogroup</group></changeowner>" : "");
        Path config = dir.resolve("icecast.xml");
        Files.writeString(config, xml, StandardCharsets.UTF_8);
        if (root) {
            // nobody must reach its log directory through the test's temporary directories.
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            for (Path p = dir.resolve("log"); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        }
        Process server = new ProcessBuilder(icecast.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("icecast.out").toFile())
                .start();
        Icecast started = new Icecast(dir, port, server, ffmpeg.toString());
        Instant deadline = Instant.now().plusSeconds(20);
        while (!started.answers()) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                started.close();
                throw new IOException("icecast2 did not start: " + Files.readString(dir.resolve("icecast.out")));
            }
            Thread.sleep(100);
        }
        return started;
    }

    /** Where listeners (the box) hear {@code mount}, e.g. "/vov1.mp3". */
    public URI listen(String mount) {
        return URI.create("http://127.0.0.1:" + port + mount);
    }

    /** Starts ffmpeg pushing a sine of {@code hertz} (MP3) to {@code mount}; returns once the mount is up. */
    public void push(String mount, double hertz) throws IOException, InterruptedException {
        source = new ProcessBuilder(List.of(
                        ffmpeg,
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=" + hertz + ":sample_rate=44100",
                        "-ac",
                        "1",
                        "-c:a",
                        "libmp3lame",
                        "-b:a",
                        "64k",
                        "-content_type",
                        "audio/mpeg",
                        "-f",
                        "mp3",
                        "icecast://source:" + PASSWORD + "@127.0.0.1:" + port + mount))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("source.log").toFile()))
                .start();
        Instant deadline = Instant.now().plusSeconds(20);
        while (status(listen(mount)) != 200) {
            if (!source.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IOException(
                        "the source did not reach icecast2: " + Files.readString(dir.resolve("source.log")));
            }
            Thread.sleep(100);
        }
    }

    /** Kills the pushing encoder, as a studio losing power would; returns when it is dead. */
    public Instant cut() throws InterruptedException {
        source.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return Instant.now();
    }

    private boolean answers() {
        return status(URI.create("http://127.0.0.1:" + port + "/status-json.xsl")) > 0;
    }

    /** The status of a HEAD-less GET (closed at once), 0 when nothing answers. */
    private static int status(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (source != null) {
            source.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
