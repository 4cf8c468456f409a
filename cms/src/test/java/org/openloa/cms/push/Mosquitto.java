package org.openloa.cms.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openloa.testing.RequiredTools;

/**
 * Debian's mosquitto on a loopback port chosen before the server starts, so it can be stopped and started again
 * on the same port. Unlike the agent's tests it runs with persistence on: a subscriber's session (its
 * subscription, and the QoS 1 messages queued for it while it is away) survives a restart, so a test can stop
 * the broker and still see the first message published after it returns. Files go to target/mosquitto-PORT/.
 */
public final class Mosquitto {

    private final int port;
    private Process process;

    public Mosquitto(int port) {
        this.port = port;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path mosquitto = RequiredTools.require("mosquitto", "mosquitto");
        try {
            Path dir = Files.createDirectories(
                    Path.of("target", "mosquitto-" + port).toAbsolutePath());
            Path config = Files.writeString(
                    dir.resolve("mosquitto.conf"),
                    String.join(
                            "\n",
                            "listener " + port + " 127.0.0.1",
                            "allow_anonymous true",
                            "persistence true",
                            // Started as root, mosquitto would switch to the user 'mosquitto', which cannot write
                            // its database under target/ (the option means nothing to any other user).
                            "user " + System.getProperty("user.name"),
                            "persistence_location " + dir + "/",
                            // One test subscriber stands in for a whole fleet (thousands of wakes in one wave):
                            // the default queue of 1,000 QoS 1 messages per client would drop the rest when it
                            // falls behind, which a box subscribed to its own topic never does.
                            "max_queued_messages 0",
                            "log_dest stdout",
                            ""));
            process = new ProcessBuilder(mosquitto.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("mosquitto.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (!accepts()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IllegalStateException("mosquitto did not listen on " + port);
            }
            pause(50);
        }
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean accepts() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
