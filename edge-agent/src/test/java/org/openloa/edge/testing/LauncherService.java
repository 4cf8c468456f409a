package org.openloa.edge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged launcher ({@code /usr/bin/openloa-agent}, from edge-agent/src/deb/files) run the way the systemd
 * unit runs it: started again after any exit but 0 and 78 ({@code Restart=always},
 * {@code RestartPreventExitStatus=78}), here after half a second instead of five. Systemd itself is not
 * needed: the restart rule is all of it that an upgrade relies on.
 */
public final class LauncherService implements AutoCloseable {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final Thread supervisor;
    private volatile Process process;
    private volatile boolean stopping;
    private volatile int starts;

    private LauncherService(List<String> command, Map<String, String> environment, Path log) {
        this.command = command;
        this.environment = environment;
        this.log = log;
        this.supervisor = new Thread(this::supervise, "launcher-service");
        this.supervisor.setDaemon(true);
    }

    /** Starts {@code sh launcher config} with the environment (OPENLOA_* of the test's own environment removed). */
    public static LauncherService start(Path launcher, Path config, Map<String, String> environment, Path log) {
        LauncherService service =
                new LauncherService(List.of("sh", launcher.toString(), config.toString()), environment, log);
        service.supervisor.start();
        return service;
    }

    private void supervise() {
        try {
            while (!stopping) {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().keySet().removeIf(name -> name.startsWith("OPENLOA_"));
                builder.environment().putAll(environment);
                process = builder.start();
                starts++;
                int exit = process.waitFor();
                exits.add(exit);
                if (stopping || exit == 0 || exit == 78) {
                    return;
                }
                Thread.sleep(500);
            }
        } catch (IOException | InterruptedException e) {
            exits.add(-1);
        }
    }

    /** How many times the launcher was started (1 + restarts). */
    public int starts() {
        return starts;
    }

    public List<Integer> exits() {
        return List.copyOf(exits);
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Process running = process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        supervisor.join(10_000);
    }
}
