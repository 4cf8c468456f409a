package org.openloa.bench.fleet;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet simulator: N boxes in one JVM speaking the edge protocol to a server (docs/edge-protocol.md,
 * "Checking a box: bench/fleet"). Run {@code java -jar fleet.jar --help}.
 *
 * <p>It prints a status line every few seconds, {@code READY n} once every box holds its manifest (and, with
 * MQTT, is subscribed), and at the end a summary whose {@code conformance} part lists what a server did that the
 * protocol does not allow (invalid manifests, refused reports, corrupt media). The journal ({@code --out})
 * holds every step of every box, for a benchmark to time.
 */
public final class Fleet {

    private static final String HELP = """
            java -jar fleet.jar --server URL [options]
              --boxes N              simulated boxes (default 100)
              --mode M               mqtt | longpoll | poll (default longpoll): how a box learns of a change
              --mqtt URL             the broker for --mode mqtt, e.g. tcp://127.0.0.1:1883
              --mqtt-user U, --mqtt-password P
              --wait S               seconds a long poll asks the server to hold it (default 55)
              --token T              an administrator's API token: devices are created with it (POST /api/v1/devices)
              --api URL              where that API is, when --server is an edge-only port (default: --server)
              --areas ID[,ID...]     the areas those devices go to, round robin
              --codes FILE           enrolment codes, one per line, instead of --token (another vendor's server)
              --credentials FILE     "deviceId credential" per line: reused, and new enrolments appended
              --duration S           seconds to run (default 0: until the process is stopped; the summary is printed anyway)
              --out FILE             the journal: one JSON object per step of every box
              --events emergency|all item events for EMERGENCY items only (as OpenLoa's agent) or for all
              --clients K            HTTP clients shared by the boxes (default boxes/100 + 1)
              --ramp MS              milliseconds between two boxes' starts (default 5)
              --spread true|false    a box's second poll comes after a random part of pollSeconds, so the fleet polls
                                     at random phases as a fleet that has run for a while does (default true)
              --max-threads T        on Java 17 only: the largest thread pool (default 4 x boxes + 64)
            """;

    private Fleet() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        if (o.containsKey("help") || !o.containsKey("server")) {
            System.out.print(HELP);
            System.exit(o.containsKey("help") ? 0 : 2);
        }
        URI server = URI.create(o.get("server"));
        int boxes = Integer.parseInt(o.getOrDefault("boxes", "100"));
        Box.Mode mode = Box.Mode.valueOf(o.getOrDefault("mode", "longpoll").toUpperCase(Locale.ROOT));
        int clients = Integer.parseInt(o.getOrDefault("clients", String.valueOf(boxes / 100 + 1)));
        long duration = Long.parseLong(o.getOrDefault("duration", "0"));
        int ramp = Integer.parseInt(o.getOrDefault("ramp", "5"));
        Path keep = o.containsKey("credentials") ? Path.of(o.get("credentials")) : null;

        ObjectMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        ExecutorService threads =
                Threads.executor(Integer.parseInt(o.getOrDefault("max-threads", String.valueOf(4 * boxes + 64))));
        List<EdgeClient> edges = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            edges.add(new EdgeClient(server, json, Duration.ofSeconds(30)));
        }
        System.out.printf(
                "fleet: %d boxes, mode %s, %s threads, java %s%n",
                boxes, mode, Threads.virtual() ? "virtual" : "platform", Runtime.version());

        // Devices and credentials
        List<Enrolment.Device> devices = Enrolment.read(keep);
        if (devices.size() < boxes) {
            List<String> codes = o.containsKey("codes")
                    ? Files.readAllLines(Path.of(o.get("codes")), StandardCharsets.UTF_8).stream()
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList()
                    : null;
            if (codes == null && !o.containsKey("token")) {
                throw new IllegalArgumentException("need --token and --areas, --codes or enough --credentials");
            }
            long began = System.nanoTime();
            String runTag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            devices = new ArrayList<>(devices);
            devices.addAll(new Enrolment(o.containsKey("api") ? URI.create(o.get("api")) : server, json, edges.get(0))
                    .enrol(
                            devices.size(),
                            boxes,
                            codes,
                            o.get("token"),
                            o.containsKey("areas")
                                    ? Arrays.asList(o.get("areas").split(","))
                                    : List.of(),
                            runTag,
                            keep,
                            4));
            System.out.printf("enrolled %d boxes in %.1f s%n", boxes, (System.nanoTime() - began) / 1e9);
        }

        Journal journal = new Journal(o.containsKey("out") ? Path.of(o.get("out")) : null, json);
        Box.Settings settings = new Box.Settings(
                mode,
                Integer.parseInt(o.getOrDefault("wait", "55")),
                60,
                "all".equals(o.get("events")),
                mode == Box.Mode.MQTT,
                !"false".equals(o.get("spread")));
        Wakes wakes = mode == Box.Mode.MQTT
                ? new Wakes(o.get("mqtt"), o.get("mqtt-user"), o.get("mqtt-password"), threads)
                : null;
        if (mode == Box.Mode.MQTT && o.get("mqtt") == null) {
            throw new IllegalArgumentException("--mode mqtt needs --mqtt URL");
        }
        List<Box> fleet = new ArrayList<>();
        List<MqttAsyncClient> subscriptions = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger mqttFailures = new AtomicInteger();
        for (int i = 0; i < boxes; i++) {
            Enrolment.Device d = devices.get(i);
            Box box = new Box(i, d.deviceId(), d.credential(), edges.get(i % clients), journal, threads, settings);
            fleet.add(box);
            if (wakes != null) {
                threads.execute(() -> {
                    try {
                        subscriptions.add(wakes.subscribe(box));
                    } catch (Exception e) {
                        mqttFailures.incrementAndGet();
                        journal.write(
                                fleet.indexOf(box),
                                box.deviceId(),
                                "MQTT_FAILED",
                                box.serverMillis(),
                                Map.of("reason", String.valueOf(e.getMessage())));
                    }
                });
            }
            threads.execute(box::run);
            if (ramp > 0) {
                Thread.sleep(ramp);
            }
        }

        // Until the end: status lines, READY once.
        long started = System.nanoTime();
        long end = duration > 0 ? started + duration * 1_000_000_000L : Long.MAX_VALUE;
        boolean announced = false;
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable finish = () -> {
            if (finished.compareAndSet(false, true)) {
                finish(fleet, subscriptions, wakes, journal, json, mqttFailures);
            }
        };
        // --duration 0: until the process is stopped (SIGTERM, Ctrl-C), which still prints the summary.
        Runtime.getRuntime().addShutdownHook(new Thread(finish));
        long lastStatus = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            long ready = fleet.stream().filter(Box::ready).count();
            if (!announced && ready == boxes) {
                announced = true;
                System.out.printf("READY %d%n", boxes);
                System.out.flush();
            }
            if (System.nanoTime() - lastStatus > 5_000_000_000L) {
                lastStatus = System.nanoTime();
                System.out.printf(
                        "t=%.0fs ready=%d held=%d started=%d verified=%d wakes=%d refused=%d pollFailures=%d%n",
                        (lastStatus - started) / 1e9,
                        ready,
                        fleet.stream().filter(Box::held).count(),
                        journal.count("STARTED"),
                        journal.count("VERIFIED"),
                        journal.count("WAKE"),
                        journal.count("REFUSED"),
                        journal.count("POLL_FAILED"));
                System.out.flush();
            }
        }

        finish.run();
        System.exit(0);
    }

    private static void finish(
            List<Box> fleet,
            List<MqttAsyncClient> subscriptions,
            Wakes wakes,
            Journal journal,
            ObjectMapper json,
            AtomicInteger mqttFailures) {
        fleet.forEach(Box::stop);
        // 5,000 clients one after the other took longer than any caller waits: disconnect them side by side
        java.util.concurrent.ExecutorService leaving = java.util.concurrent.Executors.newFixedThreadPool(200);
        for (MqttAsyncClient client : subscriptions) {
            leaving.execute(() -> {
                try {
                    client.disconnectForcibly(0, 200);
                    client.close(true);
                } catch (Exception e) {
                    // leaving anyway
                }
            });
        }
        leaving.shutdown();
        try {
            leaving.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (wakes != null) {
            wakes.close();
        }
        try {
            Thread.sleep(5000); // the outboxes' last sends, the interrupted plays' logs among them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Object> summary = new HashMap<>();
        journal.counts().forEach((k, v) -> summary.put(k, v.get()));
        summary.put("eventsOffBoxes", fleet.stream().filter(b -> !b.eventsOn()).count());
        summary.put("mqttFailures", mqttFailures.get());
        System.out.println("summary " + json.writeValueAsString(summary));
        long nonConforming = journal.count("MANIFEST_INVALID")
                + journal.count("REFUSED")
                + journal.count("MEDIA_FAILED")
                + journal.count("POLL_REFUSED");
        System.out.println("conformance "
                + (nonConforming == 0
                        ? "OK"
                        : "PROBLEMS " + nonConforming
                                + " (MANIFEST_INVALID, REFUSED, MEDIA_FAILED, POLL_REFUSED in the journal)"));
        try {
            journal.close();
        } catch (java.io.IOException e) {
            System.out.println("journal: " + e.getMessage());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + a + "; see --help");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                o.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (name.equals("help")) {
                o.put(name, "");
            } else if (i + 1 < args.length) {
                o.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        return o;
    }
}
