package org.openloa.cms.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * E-mail and webhooks for real, with a server of its own whose spring.mail.host points at an SMTP server in the
 * test: a submission reaches the approver who asked for e-mail through SMTP, and the province's webhook as JSON
 * signed with HMAC-SHA256, retried after the receiver failed once (same delivery id both times, for it to drop the
 * repeat). Another commune's webhook gets nothing.
 */
class NotificationDeliveryTest extends ServerTest {

    static final TinySmtpServer SMTP = new TinySmtpServer();
    static final Hooks HOOKS = new Hooks();
    static final String SECRET = "tinh-thu-secret-1234567";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::port);
        registry.add("openloa.notifications.sweep", () -> "PT0.3S");
        registry.add("openloa.notifications.public-url", () -> "https://loa.example.vn/");
    }

    @AfterAll
    static void stop() throws IOException {
        SMTP.close();
        HOOKS.server.stop(0);
    }

    @Autowired
    JdbcTemplate jdbc;

    /** A receiver of webhook posts that fails the first post to /province with 500, as a gateway in trouble would. */
    static final class Hooks {
        record Post(String path, String delivery, String signature, byte[] body) {}

        final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();
        final AtomicInteger provinceCalls = new AtomicInteger();
        final HttpServer server;

        Hooks() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                posts.add(new Post(
                        path,
                        exchange.getRequestHeaders().getFirst("X-OpenLoa-Delivery"),
                        exchange.getRequestHeaders().getFirst("X-OpenLoa-Signature"),
                        body));
                boolean fail = path.equals("/province") && provinceCalls.incrementAndGet() == 1;
                exchange.sendResponseHeaders(fail ? 500 : 204, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }
    }

    @Test
    void aSubmissionGoesOutByEmailAndToTheProvincesSignedWebhookRetriedUntilTaken() throws Exception {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        Api approver = TestWorld.user(admin, "ap" + w.suffix(), "APPROVER", w.communeAId());
        Api quietApprover = TestWorld.user(admin, "aq" + w.suffix(), "APPROVER", w.communeAId());
        String address = "duyet" + w.suffix() + "@xa-an.gov.vn";
        Api.Response chose = approver.put(
                "/api/v1/notifications/preferences",
                Map.of(
                        "email",
                        address,
                        "kinds",
                        List.of(Map.of("kind", "BULLETIN_SUBMITTED", "enabled", true, "byEmail", true))));
        assertThat(chose.status()).as(chose.body()).isEqualTo(200);
        assertThat(chose.json().get("mailConfigured").asBoolean()).isTrue();
        // an address but no e-mail chosen: told in the UI only
        assertThat(quietApprover
                        .put("/api/v1/notifications/preferences", Map.of("email", "aq" + w.suffix() + "@xa-an.gov.vn"))
                        .status())
                .isEqualTo(200);
        assertThat(w.provinceAdmin()
                        .put(
                                "/api/v1/notifications/webhooks/" + w.provinceId(),
                                Map.of("url", HOOKS.url("/province"), "secret", SECRET))
                        .status())
                .isEqualTo(200);
        assertThat(w.provinceAdmin()
                        .put(
                                "/api/v1/notifications/webhooks/" + w.communeBId(),
                                Map.of("url", HOOKS.url("/commune-b"), "secret", SECRET))
                        .status())
                .isEqualTo(200);

        String title = "Phun thuốc muỗi " + w.suffix();
        String bulletin = submittedBulletin(editor, title);

        TinySmtpServer.Received mail = SMTP.messages.poll(30, TimeUnit.SECONDS);
        assertThat(mail).as("an e-mail within 30 s").isNotNull();
        assertThat(mail.to()).containsExactly(address);
        MimeMessage message = new MimeMessage(
                Session.getInstance(new Properties()),
                new ByteArrayInputStream(mail.raw().getBytes(StandardCharsets.UTF_8)));
        assertThat(message.getSubject()).contains(title).contains("chờ anh/chị duyệt");
        assertThat(message.getContent().toString()).contains("https://loa.example.vn/bulletins/" + bulletin);

        Hooks.Post first = HOOKS.posts.poll(30, TimeUnit.SECONDS);
        assertThat(first).as("a webhook post within 30 s").isNotNull();
        assertThat(first.path()).isEqualTo("/province");
        Hooks.Post again = HOOKS.posts.poll(40, TimeUnit.SECONDS);
        assertThat(again).as("tried again after the 500").isNotNull();
        assertThat(again.path()).isEqualTo("/province");
        assertThat(again.delivery())
                .as("same id, for the receiver to drop a repeat")
                .isEqualTo(first.delivery());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.signature()).isEqualTo("sha256=" + hmac(SECRET, again.body()));
        assertThat(again.signature()).isNotEqualTo("sha256=" + hmac(SECRET + "x", again.body()));

        JsonNode body = JsonMapper.builder().build().readTree(again.body());
        assertThat(body.get("id").asString()).isEqualTo(again.delivery());
        assertThat(body.get("kind").asString()).isEqualTo("BULLETIN_SUBMITTED");
        assertThat(body.get("subject").get("name").asString()).isEqualTo(title);
        assertThat(body.get("subject").get("id").asString()).isEqualTo(bulletin);
        assertThat(body.get("link").asString()).isEqualTo("https://loa.example.vn/bulletins/" + bulletin);
        assertThat(body.get("text").asString()).contains(title);

        waitUntilDelivered(again.delivery());
        assertThat(jdbc.queryForObject(
                        "select attempts from notification_delivery where id = ?",
                        Integer.class,
                        java.util.UUID.fromString(again.delivery())))
                .isEqualTo(2);
        assertThat(HOOKS.posts.poll(1, TimeUnit.SECONDS))
                .as("commune B's webhook hears nothing of commune A, and nothing is sent twice once taken")
                .isNull();
        assertThat(SMTP.messages).as("only the approver who chose e-mail").isEmpty();
    }

    private void waitUntilDelivered(String id) {
        Await.until(
                "delivery " + id + " recorded as delivered",
                () -> jdbc.queryForObject(
                                "select count(*) from notification_delivery where id = ? and delivered_at is not null",
                                Integer.class,
                                java.util.UUID.fromString(id))
                        == 1);
    }

    private static String submittedBulletin(Api editor, String title) {
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of("title", title, "category", "thong-bao-ubnd", "body", "Nội dung", "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + id + "/audio", "file", "tin.wav", TestAudio.toneWav(1.0, 0.1), "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, upload.text("id"));
        Api.Response submitted = editor.post("/api/v1/bulletins/" + id + "/submit", "{}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return id;
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
