package org.openloa.bench.fleet;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The floor under the time-to-air figures, measured with the same clients the fleet uses:
 *
 * <ul>
 *   <li>{@code mqtt BROKER N}: N subscribers, one topic each (as N boxes), and one publisher that sends one QoS 1
 *       message per topic as fast as it can (what cms does on an emergency): from the first publish to each
 *       subscriber's receipt.
 *   <li>{@code http URL N}: N clients GET the same URL at the same moment (a fleet polling at once after a wake),
 *       e.g. nginx serving a file with a manifest's bytes, or with the emergency's media (the fleet then fetching
 *       it at once): from the start to each complete answer, its SHA-256 computed as a box verifies its media.
 * </ul>
 *
 * Prints {@code p50 p95 p99 max} in milliseconds over the N receipts, and how many arrived.
 */
public final class Baseline {

    private Baseline() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.out.println(
                    "java -cp fleet.jar org.openloa.bench.fleet.Baseline mqtt|http BROKER_OR_URL N [clients]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[2]);
        ExecutorService threads = Threads.executor(4 * n + 64);
        long[] took = args[0].equals("mqtt")
                ? mqtt(args[1], n, threads)
                : http(URI.create(args[1]), n, args.length > 3 ? Integer.parseInt(args[3]) : n / 100 + 1, threads);
        System.out.println(summary(args[0], took));
        System.exit(0);
    }

    static String summary(String label, long[] took) {
        long[] done = Arrays.stream(took).filter(t -> t >= 0).sorted().toArray();
        if (done.length == 0) {
            return label + " received=0";
        }
        return String.format(
                Locale.ROOT,
                "%s received=%d/%d p50=%d p95=%d p99=%d max=%d",
                label,
                done.length,
                took.length,
                percentile(done, 50),
                percentile(done, 95),
                percentile(done, 99),
                done[done.length - 1]);
    }

    /** Nearest rank. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long[] mqtt(String broker, int n, ExecutorService threads) throws Exception {
        long[] took = new long[n];
        Arrays.fill(took, -1);
        long[] t0 = new long[1];
        CountDownLatch received = new CountDownLatch(n);
        List<MqttAsyncClient> clients = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        // The subscribers: one Paho client each, as the boxes have.
        List<java.util.concurrent.Future<MqttAsyncClient>> connecting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int box = i;
            connecting.add(threads.submit(() -> {
                MqttAsyncClient c = new MqttAsyncClient(broker, "baseline-" + run + "-" + box, new MemoryPersistence());
                c.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {}

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        if (took[box] < 0) {
                            took[box] = (System.nanoTime() - t0[0]) / 1_000_000;
                            received.countDown();
                        }
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {}
                });
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                options.setConnectionTimeout(60);
                c.connect(options).waitForCompletion(60_000);
                c.subscribe("baseline/" + run + "/" + box + "/wake", 1).waitForCompletion(60_000);
                return c;
            }));
        }
        for (var f : connecting) {
            clients.add(f.get());
        }
        MqttAsyncClient publisher = new MqttAsyncClient(broker, "baseline-" + run + "-pub", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(Math.max(10, n));
        publisher.connect(options).waitForCompletion(60_000);
        byte[] payload = "{\"reason\":\"emergency\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        t0[0] = System.nanoTime();
        for (int i = 0; i < n; i++) {
            publisher.publish("baseline/" + run + "/" + i + "/wake", payload, 1, false);
        }
        received.await(60, TimeUnit.SECONDS);
        // No orderly disconnect: one at a time it takes minutes for a thousand clients, and the process exits
        // next (the broker drops the connections).
        return took;
    }

    private static long[] http(URI url, int n, int clientCount, ExecutorService threads) throws Exception {
        // The fleet's own client (Http11), so that the floor is the same client work as a box's.
        List<Http11> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(new Http11(30_000));
        }
        // Warm the connections first, as the fleet's are (each box has polled before the wake): all at once, so
        // that each client's pool holds as many as will be used at once.
        CountDownLatch warm = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Http11 c = clients.get(i % clientCount);
            threads.execute(() -> {
                try {
                    c.send("GET", url, new String[0], null, 30_000).bytes();
                } catch (Exception e) {
                    // counted below
                } finally {
                    warm.countDown();
                }
            });
        }
        warm.await(60, TimeUnit.SECONDS);
        long[] took = new long[n];
        Arrays.fill(took, -1);
        CountDownLatch done = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        long[] t0 = new long[1];
        for (int i = 0; i < n; i++) {
            int box = i;
            Http11 c = clients.get(i % clientCount);
            threads.execute(() -> {
                try {
                    go.await();
                    try (Http11.Response r = c.send("GET", url, new String[0], null, 30_000)) {
                        if (r.status() == 200) {
                            // Checked as a box checks its media (streamed through SHA-256), so that the floor
                            // includes the same work.
                            MessageDigest sha = MessageDigest.getInstance("SHA-256");
                            byte[] buffer = new byte[16 * 1024];
                            InputStream body = r.body();
                            for (int k; (k = body.read(buffer)) > 0; ) {
                                sha.update(buffer, 0, k);
                            }
                            sha.digest();
                            took[box] = (System.nanoTime() - t0[0]) / 1_000_000;
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(500);
        t0[0] = System.nanoTime();
        go.countDown();
        done.await(120, TimeUnit.SECONDS);
        return took;
    }
}
