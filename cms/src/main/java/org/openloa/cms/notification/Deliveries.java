package org.openloa.cms.notification;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.openloa.cms.outbox.Sweeper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox: every {@code openloa.notifications.sweep} (5 s by default) it takes the rows that are due,
 * sends each (an e-mail through Spring's {@link JavaMailSender}, a webhook as a signed JSON POST), and records
 * the outcome; a failure is tried again later with a growing wait. Runs on every node: the outbox's leases keep
 * two nodes from sending one row at the same time. Nothing secret is logged: not the secret, not the body.
 */
@Component
class Deliveries implements SmartLifecycle {

    private final Webhooks webhooks;
    private final ObjectProvider<JavaMailSender> mail;
    private final Duration every;
    private final String from;
    private final HttpClient http;
    private final Sweeper<Outbox.Delivery> sweeper;

    Deliveries(
            Outbox outbox,
            Webhooks webhooks,
            ObjectProvider<JavaMailSender> mail,
            Clock clock,
            @Value("${openloa.notifications.sweep:PT5S}") Duration every,
            @Value("${openloa.notifications.mail-from:openloa@localhost}") String from) {
        this.webhooks = webhooks;
        this.mail = mail;
        this.every = every;
        this.from = from;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.sweeper = new Sweeper<>(
                "notification delivery",
                outbox.table,
                () -> Outbox.sendable(mail.getIfAvailable() != null),
                this::send,
                clock);
    }

    private void send(Outbox.Delivery delivery) throws Exception {
        switch (delivery.channel()) {
            case EMAIL -> email(delivery);
            case WEBHOOK -> post(delivery);
        }
    }

    private void email(Outbox.Delivery delivery) throws Exception {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("no mail server configured (spring.mail.host)");
        }
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(delivery.target());
        helper.setSubject(delivery.subject());
        helper.setText(delivery.body());
        message.setHeader("X-OpenLoa-Delivery", delivery.id().toString());
        sender.send(message);
    }

    private void post(Outbox.Delivery delivery) throws IOException, InterruptedException {
        Webhooks.Hook hook = webhooks.hook(delivery.areaId())
                .filter(Webhooks.Hook::enabled)
                .orElseThrow(() -> new IllegalStateException("the area's webhook was removed or turned off"));
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url()))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "OpenLoa-Notifications")
                .header(Signature.DELIVERY_HEADER, delivery.id().toString())
                .header(Signature.HEADER, Signature.of(hook.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the webhook answered HTTP " + response.statusCode());
        }
    }

    @Override
    public void start() {
        sweeper.start(every);
    }

    @Override
    public void stop() {
        sweeper.stop();
    }

    @Override
    public boolean isRunning() {
        return sweeper.isRunning();
    }
}
