package org.openloa.cms.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastItem;
import org.openloa.cms.broadcast.BroadcastQuery;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.ContentKind;
import org.openloa.cms.broadcast.TargetArea;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.problem.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The upstream's side of what goes down: the broadcasts of bulletins this instance addressed to a downstream's area,
 * as a feed ordered by (last change, id) that the downstream reads from its cursor. Addressed to the area means
 * owned above it (not the downstream's own programme) with a target at or above it, so a broadcast to the whole
 * country reaches every province. Every change (a new schedule, a bulletin dropped, a withdrawal) moves the
 * broadcast's last change, so it comes down again.
 */
@Service
@Transactional(readOnly = true)
public class Dispatches {

    static final int MAX_PAGE = 100;

    private final BroadcastService broadcasts;
    private final BulletinService bulletins;
    private final AudioLibrary audio;
    private final AreaService areas;

    Dispatches(BroadcastService broadcasts, BulletinService bulletins, AudioLibrary audio, AreaService areas) {
        this.broadcasts = broadcasts;
        this.bulletins = bulletins;
        this.audio = audio;
        this.areas = areas;
    }

    /** The dispatches to the caller's area changed after {@code after} (null: from the start). */
    public Dispatch.Page feed(Caller caller, String after, int limit) {
        Area served = servedArea(caller);
        Cursor cursor = Cursor.parse(after);
        List<Broadcast> addressed = broadcasts.list(caller, new BroadcastQuery(null, null, null)).stream()
                .filter(b -> addressedTo(b, served))
                .filter(b -> cursor == null || cursor.before(b.updatedAt(), b.id().toString()))
                .sorted(Comparator.comparing(Broadcast::updatedAt).thenComparing(b -> b.id().toString()))
                .limit(Math.max(1, Math.min(limit, MAX_PAGE)))
                .toList();
        List<UUID> bulletinIds = addressed.stream()
                .flatMap(b -> b.items().stream())
                .map(BroadcastItem::bulletinId)
                .distinct()
                .toList();
        Map<UUID, Bulletin> byId = bulletinIds.stream()
                .map(id -> bulletins.get(Caller.system(), id))
                .collect(Collectors.toMap(Bulletin::id, Function.identity()));
        List<Dispatch> items = new ArrayList<>();
        for (Broadcast b : addressed) {
            items.add(dispatch(b, byId));
        }
        String next = addressed.isEmpty()
                ? after
                : new Cursor(
                                addressed.get(addressed.size() - 1).updatedAt(),
                                addressed.get(addressed.size() - 1).id().toString())
                        .toString();
        return new Dispatch.Page(1, served.code(), items, next);
    }

    /** The delivery audio of a bulletin of a broadcast addressed to the caller's area; 404 otherwise. */
    public MediaAsset audio(Caller caller, UUID broadcastId, UUID bulletinId) {
        Area served = servedArea(caller);
        Broadcast broadcast = broadcasts.get(caller, broadcastId);
        if (!addressedTo(broadcast, served)) {
            throw ProblemException.notFound("broadcast");
        }
        return broadcast.items().stream()
                .filter(i -> i.bulletinId().equals(bulletinId))
                .findFirst()
                .flatMap(i -> audio.asset(i.mediaAssetId()))
                .orElseThrow(() -> ProblemException.notFound("audio"));
    }

    private Area servedArea(Caller caller) {
        if (caller.areaId() == null) {
            // A national user has no area to be sent to: nothing is addressed to "everywhere above the country".
            throw ProblemException.rule("area-required", "token", "exchange.area-required");
        }
        return areas.get(caller, caller.areaId());
    }

    static boolean addressedTo(Broadcast b, Area served) {
        if (b.contentKind() != ContentKind.PLAYLIST || b.areaPath().startsWith(served.path())) {
            return false;
        }
        for (TargetArea target : b.targetAreas()) {
            if (served.path().startsWith(target.areaPath())) {
                return true;
            }
        }
        return false;
    }

    private Dispatch dispatch(Broadcast b, Map<UUID, Bulletin> bulletinsById) {
        List<Dispatch.Item> items = new ArrayList<>();
        for (BroadcastItem item : b.items()) {
            Bulletin bulletin = bulletinsById.get(item.bulletinId());
            MediaAsset asset = audio.asset(item.mediaAssetId()).orElse(null);
            if (bulletin == null || asset == null) {
                continue;
            }
            items.add(new Dispatch.Item(
                    bulletin.id().toString(),
                    bulletin.title(),
                    bulletin.category(),
                    bulletin.body(),
                    bulletin.priority().name(),
                    bulletin.validFrom(),
                    bulletin.validUntil(),
                    asset.sha256(),
                    asset.sizeBytes(),
                    asset.mimeType(),
                    asset.durationMs(),
                    "/api/v1/exchange/dispatches/" + b.id() + "/bulletins/" + bulletin.id() + "/audio"));
        }
        return new Dispatch(
                b.id().toString(),
                b.updatedAt(),
                b.state().name(),
                withdrawn(b),
                b.endReason(),
                b.title(),
                b.priority().name(),
                b.schedule(),
                b.volume(),
                b.repeatCount(),
                b.maxDelay(),
                items);
    }

    /** Ended before its time: taken off air, or left with no bulletin that may air. */
    private static boolean withdrawn(Broadcast b) {
        if (b.state() != org.openloa.scheduler.broadcast.BroadcastState.ENDED) {
            return false;
        }
        return b.endReason() != null
                || b.endsAt() == null
                || (b.endedAt() != null && b.endedAt().isBefore(b.endsAt()));
    }

    /** Where a reader of the feed stands: the last change and id it has. Written "2026-12-04T10:00:00Z~id". */
    record Cursor(Instant updatedAt, String id) {

        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int cut = text.indexOf('~');
            try {
                return new Cursor(Instant.parse(text.substring(0, cut)), text.substring(cut + 1));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "exchange.invalid-cursor");
            }
        }

        boolean before(Instant otherAt, String otherId) {
            int at = updatedAt.compareTo(otherAt);
            return at < 0 || (at == 0 && id.compareTo(otherId) < 0);
        }

        @Override
        public String toString() {
            return updatedAt + "~" + id;
        }
    }
}
