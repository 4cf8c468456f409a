package org.openloa.cms.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.device.DeviceDraft;
import org.openloa.cms.device.DeviceService;
import org.openloa.edge.EdgeAgent;
import org.openloa.edge.config.AgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Simulated loudspeakers: real edge agents (the edge-agent module, through its public in-process entry point) in
 * this JVM, one data directory each under {@code <data-dir>/demo-boxes}, playing into a file sink (no sound card)
 * and talking to this server over HTTP exactly as a box on a pole does: enrolment with a one-time code, manifest
 * polls, media downloads, play logs and heartbeats. So the calendar, the device pages, the play history and the
 * dashboard show real activity.
 *
 * <p>The first start creates the devices and keeps their codes in memory until the agents have enrolled; later
 * starts find each agent's credential in its directory. A fresh database never meets old directories: seeding
 * removes them, since their credentials belonged to devices that are gone.
 */
@Component
@Profile("demo")
class DemoBoxes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoBoxes.class);
    /** The demo's devices poll often, so that a change reaches them within seconds, not a minute. */
    static final int POLL_SECONDS = 10;

    private final DeviceService devices;
    private final TransactionTemplate tx;
    private final Environment environment;
    private final Path home;
    private final int count;
    private final Map<Path, String> codes = new LinkedHashMap<>();
    private final List<EdgeAgent> running = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    DemoBoxes(
            DeviceService devices,
            TransactionTemplate tx,
            Environment environment,
            @Value("${openloa.data-dir:./data}") Path dataDir,
            @Value("${openloa.demo.boxes:3}") int count) {
        this.devices = devices;
        this.tx = tx;
        this.environment = environment;
        this.home = dataDir.resolve("demo-boxes").toAbsolutePath().normalize();
        this.count = Math.max(0, count);
    }

    /** Creates the devices (spread over the communes) with their enrolment codes. */
    void enrol(DemoData.Seeded seeded) {
        deleteOldBoxes();
        List<Area> communes = seeded.communes();
        for (int i = 0; i < count; i++) {
            Area commune = communes.get(i % communes.size());
            String name = "Loa demo " + (i + 1) + " · " + commune.name();
            double lat = 16.75 + 0.05 * i;
            double lon = 107.0 + 0.05 * i;
            DeviceService.CreatedDevice created = tx.execute(status -> devices.createWithEnrolmentCode(
                    Caller.system(), new DeviceDraft(name, commune.id(), List.of(), lat, lon, 80, POLL_SECONDS)));
            codes.put(home.resolve("box-" + (i + 1)), created.enrolmentCode().code());
        }
    }

    /** Starts an agent for every box directory, in the background: the server is up, they reach it over HTTP. */
    void start() {
        if (count == 0) {
            return;
        }
        List<Path> boxes = new ArrayList<>(codes.keySet());
        if (boxes.isEmpty() && Files.isDirectory(home)) {
            try (Stream<Path> found = Files.list(home)) {
                found.filter(Files::isDirectory).sorted().forEach(boxes::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String server = "http://localhost:" + environment.getProperty("local.server.port", "8080")
                + environment.getProperty("server.servlet.context-path", "");
        Thread starter = new Thread(() -> boxes.forEach(box -> start(box, server)), "demo-boxes");
        starter.setDaemon(true);
        starter.start();
    }

    private void start(Path box, String server) {
        if (stopped) {
            return;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("OPENLOA_SERVER_URL", server);
        settings.put("OPENLOA_DATA_DIR", box.toString());
        settings.put("OPENLOA_PLAYER", "file:" + box.resolve("sink"));
        settings.put("OPENLOA_HARDWARE_ID", "openloa-demo-" + box.getFileName());
        settings.put("OPENLOA_POLL_SECONDS", String.valueOf(POLL_SECONDS));
        settings.put("OPENLOA_HEARTBEAT_SECONDS", "30");
        String code = codes.get(box);
        if (code != null) {
            settings.put("OPENLOA_ENROLLMENT_CODE", code);
        }
        try {
            Files.createDirectories(box.resolve("sink"));
            running.add(EdgeAgent.startInProcess(AgentConfig.load(null, settings)));
            codes.remove(box);
            log.info("Demo: a simulated loudspeaker runs on {} (plays into {})", box, box.resolve("sink"));
        } catch (IOException | RuntimeException e) {
            log.warn("Demo: the simulated loudspeaker in {} cannot run: {}", box, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteOldBoxes() {
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> old = Files.walk(home)) {
            for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the old demo boxes in " + home, e);
        }
    }

    @Override
    public void destroy() {
        stopped = true;
        running.forEach(EdgeAgent::close);
        running.clear();
    }
}
