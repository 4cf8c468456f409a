package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openloa.cms.Api;
import org.openloa.testing.Await;

/**
 * cms as a newcomer runs it: its own JVM, the embedded defaults (an H2 file database and the filesystem media
 * store under one data directory), a fixed port. Stopping it with SIGTERM and starting it again on the same
 * directory is a real restart: whatever was not committed to the files is gone.
 */
final class CmsProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "national-secret-1234";

    private final int port;
    private final Path dataDir;
    private final Path log;
    private final List<String> arguments = new ArrayList<>();
    private Process process;

    private CmsProcess(int port, Path dataDir, Path log) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    static CmsProcess on(Path dataDir, Path log) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new CmsProcess(socket.getLocalPort(), dataDir, log);
        }
    }

    /** Further command-line arguments for every start, e.g. another database. */
    CmsProcess with(String... more) {
        arguments.addAll(List.of(more));
        return this;
    }

    CmsProcess start(Duration healthyWithin) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                "org.openloa.cms.OpenLoaApplication",
                "--server.port=" + port,
                "--openloa.data-dir=" + dataDir,
                "--openloa.admin.username=admin",
                "--openloa.admin.password=" + ADMIN_PASSWORD,
                "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Await.until("cms healthy; see " + log, healthyWithin, () -> {
            assertThat(process.isAlive()).as("cms died; see " + log).isTrue();
            try {
                return api().get("/actuator/health").status() == 200;
            } catch (RuntimeException notYet) {
                return false; // not listening yet
            }
        });
        return this;
    }

    /** SIGTERM, as systemd stops it, and wait until the process has gone (and with it the database lock). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: no shutdown hook, no closing of files; what the process had not written is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("cms killed").isTrue();
    }

    long pid() {
        return process.pid();
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Api api() {
        return new Api(port);
    }

    Api admin() {
        return api().as("admin", ADMIN_PASSWORD);
    }

    @Override
    public void close() throws InterruptedException {
        if (running()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
