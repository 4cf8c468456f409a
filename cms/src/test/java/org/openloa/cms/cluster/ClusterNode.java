package org.openloa.cms.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openloa.cms.Api;
import org.openloa.testing.Await;

/**
 * One cms node of a cluster: its own JVM from the test classpath (what the jar holds), the shared PostgreSQL and
 * S3 store, its own port, data folder (scratch only: the media are in S3) and log. Quartz checks in every second
 * so that a killed node's triggers are taken over within seconds, not the production default's 15.
 */
final class ClusterNode implements AutoCloseable {

    static final String PASSWORD = "cluster-secret-1234";

    final int number;
    final int port;
    private final Process process;
    private final Path log;

    private ClusterNode(int number, int port, Process process, Path log) {
        this.number = number;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ClusterNode start(int number, Path dir, List<String> shared) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                "org.openloa.cms.OpenLoaApplication",
                "--server.port=" + port,
                "--openloa.admin.username=admin",
                "--openloa.admin.password=" + PASSWORD,
                "--openloa.data-dir=" + dir.resolve("node" + number + "-data"),
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=node" + number + "-" + UUID.randomUUID(),
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000",
                "--spring.quartz.properties.org.quartz.jobStore.misfireThreshold=5000",
                "--spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000",
                "--spring.main.banner-mode=off"));
        command.addAll(shared);
        Path log = dir.resolve("node" + number + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ClusterNode(number, port, process, log);
    }

    ClusterNode awaitHealthy(Duration limit) {
        Await.until("node " + number + " healthy; see " + log, limit, () -> {
            assertThat(process.isAlive())
                    .as("node " + number + " died; see " + log)
                    .isTrue();
            try {
                return api().get("/actuator/health").status() == 200;
            } catch (RuntimeException notYet) {
                return false; // not listening yet
            }
        });
        return this;
    }

    /** kill -9: no shutdown hook, no goodbye to Quartz, connections cut in the middle of whatever they carried. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("node " + number + " killed")
                .isTrue();
    }

    Api api() {
        return new Api(port);
    }

    Api as(String username, String password) {
        return api().as(username, password);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String toString() {
        return "node " + number + " (" + address() + ")";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
