package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.alert.CapSamples.geocodeArea;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A configured feed is read by itself, on its interval, through its Spring Integration flow: nobody calls
 * {@code poll}. The feed's user is created only after the server starts, so the first turns fail (logged) and
 * a later one succeeds, which also shows that a failing feed is read again. A server of its own (the feed is
 * part of its configuration), closed after the class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CapFeedPollingTest extends ServerTest {

    static final String FEED_USER = "capfeed" + Long.toString(System.nanoTime() % 1_000_000L, 36);
    static final HttpServer upstream = start();
    static final AtomicReference<String> document = new AtomicReference<>("");
    static final AtomicInteger reads = new AtomicInteger();

    @DynamicPropertySource
    static void feed(DynamicPropertyRegistry registry) {
        registry.add(
                "openloa.cap.feeds[0].url",
                () -> "http://127.0.0.1:" + upstream.getAddress().getPort() + "/cap.xml");
        registry.add("openloa.cap.feeds[0].interval", () -> "5s");
        registry.add("openloa.cap.feeds[0].username", () -> FEED_USER);
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
    }

    @Test
    void aConfiguredFeedIsReadOnItsIntervalAsItsUser() throws Exception {
        TestWorld w = world();
        CapSamples cap = CapSamples.alert()
                .status("Test")
                .info("vi", "Future", "Minor", null, "Thử nguồn cảnh báo", geocodeArea("P" + w.suffix() + "-A"));
        document.set(cap.xml());
        TestWorld.user(admin, FEED_USER, "OPERATOR", w.provinceId());

        Await.until(
                "the feed's alert taken in without anyone asking",
                Duration.ofMinutes(2),
                () -> w.provinceAdmin()
                        .get("/api/v1/alerts")
                        .json()
                        .findValuesAsString("identifier")
                        .contains(cap.identifier()));
        int seen = reads.get();
        Await.until("the feed read again on its interval", Duration.ofSeconds(60), () -> reads.get() > seen);
        long copies = w.provinceAdmin().get("/api/v1/alerts").json().findValuesAsString("identifier").stream()
                .filter(cap.identifier()::equals)
                .count();
        assertThat(copies).as("reading the same alert again changes nothing").isEqualTo(1);
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/cap.xml", exchange -> {
                reads.incrementAndGet();
                byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/cap+xml");
                exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
