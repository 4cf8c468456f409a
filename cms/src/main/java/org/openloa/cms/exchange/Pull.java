package org.openloa.cms.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The downstream's pull: reads the upstream's dispatches from the stored cursor, and for each one, in order,
 * makes it air here, then moves the cursor past it in the same transaction as the broadcast's change. Its bulletins
 * come first (their audio downloaded and checked by SHA-256, then stored as approved bulletins of the served area,
 * each in its own transaction and remembered by upstream id), so a pull that stops anywhere resumes without a loss
 * or a double.
 *
 * <p>Circular 39 follows from the broadcast module's own rules: the local broadcast is owned by the served area
 * and targets it, so a NORMAL one from a province is offered to each commune's inbox, while PRIORITY and EMERGENCY
 * go into the plan at once. A broadcast this instance cannot air (its one time already past, say) is remembered as
 * REFUSED with the reason, and the pull goes on. A withdrawal upstream takes the local broadcast off air with the
 * upstream's reason.
 */
@Component
class Pull {

    private static final Logger log = LoggerFactory.getLogger(Pull.class);
    static final int PAGE = 50;

    private final Upstream upstream;
    private final Received received;
    private final AreaService areas;
    private final AudioService audio;
    private final BulletinService bulletins;
    private final BroadcastService broadcasts;
    private final TransactionTemplate tx;
    private final Clock clock;

    Pull(
            Upstream upstream,
            Received received,
            AreaService areas,
            AudioService audio,
            BulletinService bulletins,
            BroadcastService broadcasts,
            TransactionTemplate tx,
            Clock clock) {
        this.upstream = upstream;
        this.received = received;
        this.areas = areas;
        this.audio = audio;
        this.bulletins = bulletins;
        this.broadcasts = broadcasts;
        this.tx = tx;
        this.clock = clock;
    }

    /** The area this instance serves, as the upstream's last answer named it (null before the first pull). */
    private volatile Area served;

    Area served() {
        return served;
    }

    /** Pulls until the feed is read to its end; answers how many dispatches were applied. */
    int run() throws IOException, InterruptedException {
        if (!upstream.configured()) {
            return 0;
        }
        int applied = 0;
        while (true) {
            String cursor = tx.execute(s -> received.cursor().orElse(null));
            Dispatch.Page page = upstream.dispatches(cursor, PAGE);
            Area served = areas.visibleTo(Caller.system()).stream()
                    .filter(a -> a.code().equalsIgnoreCase(page.areaCode()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no area here has the code " + page.areaCode() + " the upstream knows this instance by"));
            this.served = served;
            for (Dispatch dispatch : page.items()) {
                apply(served, dispatch);
                applied++;
            }
            if (page.items().size() < PAGE) {
                return applied;
            }
        }
    }

    private void apply(Area served, Dispatch d) throws IOException, InterruptedException {
        Optional<Received.Row> known = tx.execute(s -> received.broadcast(d.id()));
        if ("ENDED".equals(d.state())) {
            tx.executeWithoutResult(s -> {
                UUID local = known.map(Received.Row::localBroadcastId).orElse(null);
                if (local != null && d.withdrawn()) {
                    broadcasts.takeOffAir(
                            Caller.system(),
                            local,
                            "upstream: " + (d.endReason() == null ? "withdrawn" : d.endReason()));
                }
                // A natural end needs nothing: the local copy ends by its own schedule.
                received.saveBroadcast(
                        new Received.Row(d.id(), local, served.id(), d.priority(), "ENDED", null),
                        d.updatedAt(),
                        clock.instant());
                received.moveCursor(d.updatedAt(), d.id(), clock.instant());
            });
            return;
        }
        List<UUID> local = new ArrayList<>();
        for (Dispatch.Item item : d.bulletins()) {
            local.add(bulletin(served, d, item));
        }
        UUID localBroadcast = known.map(Received.Row::localBroadcastId).orElse(null);
        BroadcastDraft draft = new BroadcastDraft(
                localBroadcast == null ? served.id() : null,
                d.title(),
                local,
                null,
                null,
                List.of(served.id()),
                List.of(),
                d.schedule(),
                Priority.valueOf(d.priority()),
                d.volume(),
                d.repeatCount(),
                d.maxDelay(),
                "PAUSED".equals(d.state()) ? BroadcastState.PAUSED : BroadcastState.ACTIVE);
        try {
            tx.executeWithoutResult(s -> {
                UUID id = localBroadcast == null
                        ? broadcasts
                                .create(Caller.system(), draft, false)
                                .broadcast()
                                .id()
                        : broadcasts
                                .update(Caller.system(), localBroadcast, draft, false)
                                .broadcast()
                                .id();
                received.saveBroadcast(
                        new Received.Row(d.id(), id, served.id(), d.priority(), "RECEIVED", null),
                        d.updatedAt(),
                        clock.instant());
                received.moveCursor(d.updatedAt(), d.id(), clock.instant());
            });
        } catch (ProblemException refused) {
            // Well-formed but not airable here (a time already past, an ended copy): remembered, and the pull goes on.
            log.info("Upstream broadcast {} not aired here: {}", d.id(), refused.code());
            tx.executeWithoutResult(s -> {
                received.saveBroadcast(
                        new Received.Row(d.id(), localBroadcast, served.id(), d.priority(), "REFUSED", refused.code()),
                        d.updatedAt(),
                        clock.instant());
                received.moveCursor(d.updatedAt(), d.id(), clock.instant());
            });
        }
    }

    /** The local bulletin of an upstream one: received before, or downloaded, checked and approved now. */
    private UUID bulletin(Area served, Dispatch d, Dispatch.Item item) throws IOException, InterruptedException {
        Optional<UUID> known = tx.execute(s -> received.bulletin(item.id()));
        if (known.isPresent()) {
            return known.get();
        }
        Path file = Files.createTempFile("openloa-upstream-", ".audio");
        try {
            upstream.download(item.audioPath(), file);
            UUID asset = audio.importDelivered(file, item.sha256(), item.durationMs(), null);
            BulletinContent content = new BulletinContent(
                    item.title(),
                    item.category(),
                    item.body(),
                    Priority.valueOf(item.priority()),
                    item.validFrom(),
                    item.validUntil());
            String origin = "upstream bulletin " + item.id() + " (broadcast " + d.id() + ")";
            return tx.execute(s -> {
                UUID id = bulletins.receive(served.id(), content, asset, origin).id();
                received.saveBulletin(item.id(), id, item.sha256(), clock.instant());
                return id;
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What the status answer says about the pull. */
    Map<String, Object> status() {
        Map<String, Object> status = new HashMap<>();
        tx.executeWithoutResult(s -> {
            status.put("cursor", received.cursor().orElse(null));
            status.put("broadcasts", received.counts());
        });
        return status;
    }
}
