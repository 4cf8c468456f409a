package org.openloa.cms.broadcast;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.scheduler.broadcast.Acceptance;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Content;
import org.openloa.scheduler.broadcast.MediaId;
import org.openloa.scheduler.broadcast.MediaItem;
import org.openloa.scheduler.broadcast.Playlist;
import org.openloa.scheduler.broadcast.StreamSlot;
import org.openloa.scheduler.broadcast.Volume;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.Tag;
import org.openloa.scheduler.reach.Targets;
import org.openloa.scheduler.schedule.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Broadcasts as the scheduler sees them, built from the rows: what the plan resolver, the conflict finder and
 * the calendar take in. Reads without a caller; the callers have checked reach.
 */
@Service
@Transactional(readOnly = true)
public class Programmes {

    private static final Logger log = LoggerFactory.getLogger(Programmes.class);

    private final Broadcasts broadcasts;
    private final Offers offers;
    private final AreaService areas;
    private final ProgrammeCache cache;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schedule> eldest) {
            return size() > 20_000;
        }
    };

    Programmes(Broadcasts broadcasts, Offers offers, AreaService areas, ProgrammeCache cache) {
        this.broadcasts = broadcasts;
        this.offers = offers;
        this.areas = areas;
        this.cache = cache;
    }

    /** The titles of these broadcasts (those that still exist), by id; read in batches, not one by one. */
    public Map<UUID, String> titles(Collection<UUID> ids) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(ids));
        Map<UUID, String> titles = new HashMap<>();
        for (int i = 0; i < all.size(); i += 500) {
            for (Object[] row : broadcasts.findTitles(all.subList(i, Math.min(all.size(), i + 500)))) {
                titles.put((UUID) row[0], (String) row[1]);
            }
        }
        return titles;
    }

    /**
     * These broadcasts (those that still exist, ended or not), by id, with their playlists: what the play
     * history names a play by (the bulletin of a media). Read in batches, without regard to any caller: the
     * caller already reached the device that played them.
     */
    public Map<UUID, Broadcast> rows(Collection<UUID> ids) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(ids));
        Map<UUID, Broadcast> rows = new HashMap<>();
        for (int i = 0; i < all.size(); i += 500) {
            for (Broadcast row : broadcasts.findByIdIn(all.subList(i, Math.min(all.size(), i + 500)))) {
                rows.put(row.id(), row);
            }
        }
        return rows;
    }

    /**
     * Everything not ended, as the scheduler sees it, keyed by id, with the rows for titles and owners. Held in
     * memory between changes ({@link ProgrammeCache}: one query for the programme token per call); a transaction
     * that changed broadcasts sees its own changes.
     */
    public Live live() {
        Set<UUID> changedHere = cache.changedHere();
        if (cache.changedAllHere()) {
            return build();
        }
        if (changedHere.isEmpty()) {
            return cache.committed(this::build);
        }
        Live committed = cache.heldForCurrentToken();
        // Without the committed programme at hand, build it all from this transaction's rows (its own changes in).
        return committed == null ? build() : overlay(committed, changedHere);
    }

    /** Everything not ended, read from the rows. */
    private Live build() {
        Map<String, org.openloa.scheduler.broadcast.Broadcast> scheduled = new LinkedHashMap<>();
        Map<String, Broadcast> byKey = new LinkedHashMap<>();
        add(broadcasts.findLive(BroadcastState.ENDED), scheduled, byKey);
        return new Live(Collections.unmodifiableMap(scheduled), Collections.unmodifiableMap(byKey));
    }

    /** The committed programme with the broadcasts this transaction changed read again from its own rows. */
    private Live overlay(Live committed, Set<UUID> changed) {
        Map<String, org.openloa.scheduler.broadcast.Broadcast> scheduled = new LinkedHashMap<>(committed.scheduled());
        Map<String, Broadcast> byKey = new LinkedHashMap<>(committed.rows());
        List<Broadcast> rows = new ArrayList<>();
        for (UUID id : changed) {
            scheduled.remove(id.toString());
            byKey.remove(id.toString());
            broadcasts
                    .findById(id)
                    .filter(b -> b.state() != BroadcastState.ENDED)
                    .ifPresent(rows::add);
        }
        add(rows, scheduled, byKey);
        return new Live(Collections.unmodifiableMap(scheduled), Collections.unmodifiableMap(byKey));
    }

    /** Adds these rows as the scheduler sees them, with their acceptances and zones read in one query each. */
    private void add(
            List<Broadcast> rows,
            Map<String, org.openloa.scheduler.broadcast.Broadcast> scheduled,
            Map<String, Broadcast> byKey) {
        Map<UUID, Set<AreaId>> accepted = new HashMap<>();
        if (!rows.isEmpty()) {
            for (BroadcastOffer offer : offers.findByStateAndBroadcastIdIn(
                    OfferState.ACCEPTED, rows.stream().map(Broadcast::id).toList())) {
                accepted.computeIfAbsent(offer.broadcastId(), k -> new LinkedHashSet<>())
                        .add(new AreaId(offer.areaId().toString()));
            }
        }
        // One query for the zones of all the rows' areas, not one per area (thousands at national scale).
        Map<UUID, ZoneId> zones = new HashMap<>(
                areas.zones(rows.stream().map(Broadcast::firstTarget).toList()));
        for (Broadcast row : rows) {
            try {
                scheduled.put(row.key(), toScheduler(row, accepted.getOrDefault(row.id(), Set.of()), zones));
                byKey.put(row.key(), row);
            } catch (RuntimeException e) {
                // A row the scheduler refuses must not stop every other plan: report it and leave it out.
                log.error("Broadcast {} cannot be planned and is left out: {}", row.id(), e.getMessage());
            }
        }
    }

    /**
     * Records that this transaction changed a broadcast, its targets or its offers: the programme token moves when
     * it commits (every node then reads the programme again), and until then its reads of {@link #live()} see the
     * change. Every change calls this before publishing {@link BroadcastChanged}.
     */
    void changed(UUID broadcastId) {
        cache.changed(broadcastId, this::overlay);
    }

    /**
     * An area's time zone changed: every broadcast aimed at it reads its schedule in another zone. This transaction
     * reads the programme from its rows, and every node builds it again once it commits.
     */
    @org.springframework.context.event.EventListener
    void areaZoneChanged(org.openloa.cms.area.AreaZoneChanged change) {
        cache.changedAll(this::overlay);
    }

    /** Broadcasts that ended at or after {@code since}: what aired until then (the missed-plays sweep looks back). */
    public List<Broadcast> endedSince(java.time.Instant since) {
        return broadcasts.findEndedSince(BroadcastState.ENDED, since);
    }

    /** One broadcast as the scheduler sees it, with its current acceptances. */
    public org.openloa.scheduler.broadcast.Broadcast of(Broadcast row) {
        Set<AreaId> accepted = new LinkedHashSet<>();
        for (BroadcastOffer offer : offers.findByBroadcastId(row.id())) {
            if (offer.state() == OfferState.ACCEPTED) {
                accepted.add(new AreaId(offer.areaId().toString()));
            }
        }
        return toScheduler(row, accepted, new HashMap<>());
    }

    org.openloa.scheduler.broadcast.Broadcast toScheduler(
            Broadcast row, Set<AreaId> acceptedBy, Map<UUID, ZoneId> zones) {
        Set<AreaId> targetAreas = new LinkedHashSet<>();
        row.targetAreas().forEach(t -> targetAreas.add(new AreaId(t.areaId().toString())));
        Set<Tag> tags = new LinkedHashSet<>();
        row.targetTags().forEach(t -> tags.add(new Tag(t)));
        Set<DeviceId> targetDevices = new LinkedHashSet<>();
        row.targetDeviceIds().forEach(d -> targetDevices.add(new DeviceId(d.toString())));
        ZoneId zone = zones.computeIfAbsent(
                row.firstTarget(), id -> areas.find(id).map(Area::zone).orElse(Area.DEFAULT_ZONE));
        return new org.openloa.scheduler.broadcast.Broadcast(
                new BroadcastId(row.key()),
                row.createdAt(),
                content(row),
                row.repeatCount(),
                row.priority(),
                new Volume(row.volume()),
                schedule(row, zone),
                new Targets(targetAreas, tags, targetDevices),
                row.state(),
                row.acceptanceRequired() ? new Acceptance(true, acceptedBy) : Acceptance.NOT_REQUIRED,
                row.maxDelay());
    }

    /**
     * The schedule a row stores, parsed once per distinct text and zone: every re-plan reads every live
     * broadcast, and schedules are immutable values, so this holds nothing the database does not.
     */
    private Schedule schedule(Broadcast row, ZoneId zone) {
        String key = zone.getId() + " " + row.scheduleJson();
        synchronized (schedules) {
            Schedule cached = schedules.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Schedule parsed = row.schedule().toSchedule(zone);
        synchronized (schedules) {
            schedules.put(key, parsed);
        }
        return parsed;
    }

    static Content content(Broadcast row) {
        if (row.contentKind() == ContentKind.STREAM) {
            return new StreamSlot(URI.create(row.streamUrl()), row.slotLength());
        }
        List<MediaItem> media = new ArrayList<>();
        for (BroadcastItem item : row.items()) {
            media.add(new MediaItem(new MediaId(item.mediaAssetId().toString()), Duration.ofMillis(item.durationMs())));
        }
        return new Playlist(media);
    }

    /** The live broadcasts: the scheduler's values and the rows behind them, both keyed by {@link Broadcast#key()}. */
    public record Live(Map<String, org.openloa.scheduler.broadcast.Broadcast> scheduled, Map<String, Broadcast> rows) {

        public Collection<org.openloa.scheduler.broadcast.Broadcast> all() {
            return scheduled.values();
        }

        /** The same set with one broadcast replaced by another version of it (or removed, with null). */
        public List<org.openloa.scheduler.broadcast.Broadcast> with(
                String key, org.openloa.scheduler.broadcast.Broadcast version) {
            List<org.openloa.scheduler.broadcast.Broadcast> result = new ArrayList<>(scheduled.size() + 1);
            for (Map.Entry<String, org.openloa.scheduler.broadcast.Broadcast> entry : scheduled.entrySet()) {
                if (!entry.getKey().equals(key)) {
                    result.add(entry.getValue());
                }
            }
            if (version != null && version.state() != BroadcastState.ENDED) {
                result.add(version);
            }
            return result;
        }

        public String title(String key) {
            Broadcast row = rows.get(key);
            return row == null ? key : row.title();
        }
    }
}
