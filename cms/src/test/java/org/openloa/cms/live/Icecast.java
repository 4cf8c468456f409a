package org.openloa.cms.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/**
 * Debian's icecast2 on a free loopback port with an icecast.xml of its own under target/icecast-PORT/. Icecast
 * refuses to run as root: as root (CI) it is told to {@code <changeowner>} to "nobody", and its folder is made
 * writable for that user. Skipped loudly without icecast2, failing with -Dopenloa.require-tools=true
 * ({@link RequiredTools}).
 */
public final class Icecast implements AutoCloseable {

    public static final String SOURCE_PASSWORD = "icecast-source-secret";

    private final int port;
    private Process process;

    private Icecast(int port) {
        this.port = port;
    }

    public static Icecast start() {
        Path icecast = RequiredTools.require("icecast2", "icecast2");
        int port = freePort();
        Icecast server = new Icecast(port);
        try {
            Path dir =
                    Files.createDirectories(Path.of("target", "icecast-" + port).toAbsolutePath());
            Path logs = Files.createDirectories(dir.resolve("log"));
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                for (Path p : List.of(dir, logs)) {
                    p.toFile().setWritable(true, false);
                    p.toFile().setExecutable(true, false);
                }
            }
            List<String> xml = new ArrayList<>(List.of(
                    "<icecast>",
                    "  <location>test</location><admin>test@localhost</admin>",
                    "  <limits><clients>100</clients><sources>20</sources><queue-size>524288</queue-size>",
                    "    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>",
                    "    <source-timeout>10</source-timeout><burst-on-connect>1</burst-on-connect>",
                    "    <burst-size>8192</burst-size></limits>",
                    "  <authentication><source-password>" + SOURCE_PASSWORD + "</source-password>",
                    "    <relay-password>relay-secret</relay-password>",
                    "    <admin-user>admin</admin-user><admin-password>admin-secret</admin-password></authentication>",
                    "  <hostname>127.0.0.1</hostname>",
                    "  <listen-socket><port>" + port + "</port><bind-address>127.0.0.1</bind-address></listen-socket>",
                    "  <fileserve>1</fileserve>",
                    "  <paths><basedir>/usr/share/icecast2</basedir><logdir>" + logs + "</logdir>",
                    "    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>",
                    "  </paths>",
                    "  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog>",
                    "    <loglevel>3</loglevel></logging>"));
            if (root) {
                xml.add("  <security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group>"
                        + "</changeowner></security>");
            }
            xml.add("</icecast>");
            Path config = Files.write(dir.resolve("icecast.xml"), xml);
            server.process = new ProcessBuilder(icecast.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("icecast.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until("icecast2 listening on " + port + "; see target/icecast-" + port, Duration.ofSeconds(15), () -> {
            if (!server.process.isAlive()) {
                throw new IllegalStateException("icecast2 died; see target/icecast-" + port);
            }
            return server.accepts();
        });
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
