package org.openloa.edge.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/** Debian's mosquitto, started by the test on a free loopback port ({@code mosquitto -p PORT}). */
public final class Mosquitto implements AutoCloseable {

    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A free port to start a broker on later. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static Mosquitto start(int port, Path log) throws IOException {
        Path mosquitto = RequiredTools.require("mosquitto", "mosquitto");
        Process process = new ProcessBuilder(mosquitto.toString(), "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Mosquitto broker = new Mosquitto(process, port);
        Await.until("mosquitto listening on " + port, Duration.ofSeconds(10), broker::accepts);
        return broker;
    }

    public URI url() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    public void publish(String topic, String payload) throws MqttException {
        try (MqttClient client =
                new MqttClient(url().toString(), "test-publisher-" + System.nanoTime(), new MemoryPersistence())) {
            client.connect();
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
