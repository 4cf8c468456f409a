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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final int BATCH = 20;

    private final Outbox outbox;
    private final Webhooks webhooks;
    private final ObjectProvider<JavaMailSender> mail;
    private final Clock clock;
    private final Duration every;
    private final String from;
    private final HttpClient http;
    private ScheduledExecutorService timer;

    Deliveries(
            Outbox outbox,
            Webhooks webhooks,
            ObjectProvider<JavaMailSender> mail,
            Clock clock,
            @Value("${openloa.notifications.sweep:PT5S}") Duration every,
            @Value("${openloa.notifications.mail-from:openloa@localhost}") String from) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.mail = mail;
        this.clock = clock;
        this.every = every;
        this.from = from;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends what is due now; answers how many were sent. Called by the timer, and by tests that cannot wait. */
    int sendDue() {
        int sent = 0;
        List<Outbox.Delivery> due = outbox.claim(clock.instant(), BATCH, mail.getIfAvailable() != null);
        for (Outbox.Delivery delivery : due) {
            try {
                switch (delivery.channel()) {
                    case EMAIL -> email(delivery);
                    case WEBHOOK -> post(delivery);
                }
                outbox.delivered(delivery.id(), clock.instant());
                sent++;
            } catch (Exception failure) {
                String why = failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
                log.warn(
                        "notification delivery {} ({}) failed, attempt {}: {}",
                        delivery.id(),
                        delivery.channel(),
                        delivery.attempts(),
                        why);
                outbox.failed(delivery, why, clock.instant());
            }
        }
        return sent;
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
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notification-deliveries");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(200, every.toMillis());
        timer.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            while (sendDue() == BATCH) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            // the database is away (a restart, a failover): the next beat tries again
            log.warn("notification sweep failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
