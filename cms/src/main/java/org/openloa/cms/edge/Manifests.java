package org.openloa.cms.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceCommand;
import org.openloa.cms.device.DeviceCommands;
import org.openloa.cms.edge.live.LiveStreams;
import org.openloa.cms.edge.withdrawal.Withdrawals;
import org.openloa.cms.plan.DevicePlans;
import org.openloa.cms.plan.PlanVersions;
import org.openloa.cms.relay.RelayFallbackService;
import org.openloa.cms.relay.RelayProbes;
import org.openloa.protocol.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a device's manifest for its current (plan version, bucket), or reuses the one this node built for the
 * same pair. The version is read before the plan: a change committing in between makes the document newer than
 * its label, never older, and the next look at device_plan replaces it.
 *
 * <p>The window is [bucket start − lookBehind, bucket end + lookAhead): derived from the bucket, not from the
 * clock, so the same ETag always stands for the same plan.
 */
@Component
class Manifests {

    private static final Logger log = LoggerFactory.getLogger(Manifests.class);
    private static final DateTimeFormatter BUCKET_LABEL =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final OffsetDateTime SENTINEL = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final PlanVersions versions;
    private final DevicePlans plans;
    private final DeviceCommands commands;
    private final AudioLibrary audio;
    private final TransactionTemplate transaction;
    /** The reads of a build (a batch's, or one device's): one read-only transaction, one connection. */
    private final TransactionTemplate reads;

    private final ListedMedia listedMedia;
    private final JsonMapper json;
    private final ManifestIndex index;
    private final EdgeProperties properties;
    private final Clock clock;
    private final PlannedItems planned;
    private final Withdrawals withdrawals;
    private final List<LiveStreams> live;
    private final RelayFallbackService fallbacks;
    private final RelayProbes probes;

    Manifests(
            PlanVersions versions,
            DevicePlans plans,
            DeviceCommands commands,
            AudioLibrary audio,
            TransactionTemplate transaction,
            ListedMedia listedMedia,
            JsonMapper json,
            ManifestIndex index,
            EdgeProperties properties,
            Clock clock,
            PlannedItems planned,
            Withdrawals withdrawals,
            List<LiveStreams> live,
            RelayFallbackService fallbacks,
            RelayProbes probes) {
        this.live = List.copyOf(live);
        this.fallbacks = fallbacks;
        this.probes = probes;
        this.planned = planned;
        this.withdrawals = withdrawals;
        this.versions = versions;
        this.plans = plans;
        this.commands = commands;
        this.audio = audio;
        this.transaction = transaction;
        this.reads = new TransactionTemplate(transaction.getTransactionManager());
        this.reads.setReadOnly(true);
        this.listedMedia = listedMedia;
        this.json = json;
        this.index = index;
        this.properties = properties;
        this.clock = clock;
    }

    long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, properties.bucket().toMillis());
    }

    /**
     * A build of one device's manifest under way: the index's ticket when it began and the credential it is for.
     * A second caller for the same device waits for it instead of building the same manifest again.
     */
    private record Flight(long ticket, String credentialHash, CompletableFuture<Optional<CachedManifest>> result) {}

    /** The builds under way on this node, by device. */
    private final ConcurrentHashMap<UUID, Flight> flights = new ConcurrentHashMap<>();

    /**
     * The device's current manifest; empty when it is not in service (retired since it was authenticated).
     *
     * <p>One build per device at a time: after an emergency, the {@linkplain ManifestWarmer warmer}, the woken
     * box's poll, its media download and its held long poll may all ask for the same device's new manifest within
     * the same second, and each build reads and writes the database. A caller joins a build under way when that
     * build is for the same credential and began after the last commit that changed the device (so it cannot answer
     * with the version from before the commit the caller was woken for); otherwise it builds on its own, as before.
     */
    Optional<CachedManifest> current(UUID deviceId, String credentialHash) {
        long ticket = index.ticket();
        Flight mine = new Flight(ticket, credentialHash, new CompletableFuture<>());
        Flight running = flights.putIfAbsent(deviceId, mine);
        if (running != null) {
            if (running.credentialHash().equals(credentialHash) && !index.forgottenSince(deviceId, running.ticket())) {
                try {
                    return running.result().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a manifest build", e);
                } catch (ExecutionException failed) {
                    // That build failed (the database, most likely): this caller tries on its own below.
                }
            }
            return currentAfter(index.ticket(), deviceId, credentialHash);
        }
        try {
            Optional<CachedManifest> built = currentAfter(ticket, deviceId, credentialHash);
            mine.result().complete(built);
            return built;
        } catch (RuntimeException | Error e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(deviceId, mine);
        }
    }

    private Optional<CachedManifest> currentAfter(long ticket, UUID deviceId, String credentialHash) {
        long bucket = bucketOf(clock.millis());
        long version = versions.of(deviceId).orElse(0L);
        CachedManifest cached = index.of(deviceId);
        if (cached != null
                && cached.version() == version
                && cached.bucket() == bucket
                && cached.credentialHash().equals(credentialHash)) {
            return Optional.of(cached);
        }
        Optional<CachedManifest> built = build(deviceId, credentialHash, version, bucket);
        built.ifPresent(m -> index.put(m, ticket));
        return built;
    }

    /**
     * Builds again the manifests of these devices (as they were held, for their credentials), a batch at a time: the
     * versions of all are read first, then their plans from one read of the live programme
     * ({@link DevicePlans#plansOfDevices}), so each document is still never older than its label. A device held
     * meanwhile, or whose build another caller has under way, is left to that one. {@code done} is told each device
     * as it is finished with (built, skipped or failed), in order.
     *
     * @return how many were built here
     */
    int rebuild(List<CachedManifest> held, java.util.function.Consumer<UUID> done) {
        long ticket = index.ticket();
        long bucket = bucketOf(clock.millis());
        Map<UUID, Flight> mine = new LinkedHashMap<>();
        List<CachedManifest> toBuild = new ArrayList<>();
        for (CachedManifest was : held) {
            UUID device = was.deviceId();
            Flight flight = new Flight(ticket, was.credentialHash(), new CompletableFuture<>());
            if (index.of(device) != null || mine.containsKey(device) || flights.putIfAbsent(device, flight) != null) {
                done.accept(device); // its box asked first, or is being answered
                continue;
            }
            mine.put(device, flight);
            toBuild.add(was);
        }
        int built = 0;
        try {
            List<UUID> ids = toBuild.stream().map(CachedManifest::deviceId).toList();
            Instant[] window = window(bucket);
            // The batch's reads in one read-only transaction, each kind once for the whole batch where it can be
            // (versions, pending commands, withdrawals), and on one connection: read per device, in a transaction
            // each, they were most of the 3 ms a build took after the writes were batched.
            List<Draft> drafts = toBuild.isEmpty()
                    ? List.of()
                    : reads.execute(status -> {
                        Map<UUID, Long> versionOf = versions.of(ids);
                        // The batch's devices mostly play the same media (an emergency's): each asset is read once.
                        Map<String, Optional<MediaAsset>> assets = new HashMap<>();
                        Map<UUID, DevicePlans.DevicePlan> found = plans.plansOfDevices(ids, window[1], window[2]);
                        Map<UUID, List<DeviceCommand>> pending = commands.pending(ids);
                        Map<UUID, List<Withdrawals.Withdrawn>> withdrawn =
                                withdrawals.ofDevices(ids, withdrawnSince(window));
                        List<Draft> read = new ArrayList<>();
                        for (CachedManifest was : toBuild) {
                            UUID device = was.deviceId();
                            try {
                                Optional<Draft> draft = draft(
                                        device,
                                        was.credentialHash(),
                                        versionOf.getOrDefault(device, 0L),
                                        bucket,
                                        Optional.ofNullable(found.get(device)),
                                        assets,
                                        pending.getOrDefault(device, List.of()),
                                        withdrawn.getOrDefault(device, List.of()));
                                if (draft.isPresent()) {
                                    read.add(draft.get());
                                } else {
                                    settle(mine, device, Optional.empty(), done);
                                }
                            } catch (RuntimeException | Error e) {
                                failed(mine, device, e, done);
                            }
                        }
                        return read;
                    });
            // The whole batch's bookkeeping in one transaction, before any of its manifests is served: a box is never
            // answered with an item or a medium that is not remembered as told to it.
            Map<UUID, List<String>> purges = remember(drafts);
            for (Draft draft : drafts) {
                try {
                    CachedManifest manifest = finish(draft, purges.get(draft.deviceId()));
                    index.put(manifest, ticket);
                    settle(mine, draft.deviceId(), Optional.of(manifest), done);
                    built++;
                } catch (RuntimeException | Error e) {
                    failed(mine, draft.deviceId(), e, done);
                }
            }
        } catch (RuntimeException e) {
            // The versions, the plans or the bookkeeping failed: those boxes build their own when they ask.
            log.debug("Could not build {} manifest(s) ahead: {}", mine.size(), e.getMessage());
        } finally {
            for (Map.Entry<UUID, Flight> left : mine.entrySet()) {
                left.getValue().result().completeExceptionally(new IllegalStateException("not built ahead"));
                flights.remove(left.getKey(), left.getValue());
                done.accept(left.getKey());
            }
        }
        return built;
    }

    /** A device of a batch is finished with: its waiting callers get {@code result}. */
    private void settle(
            Map<UUID, Flight> mine,
            UUID device,
            Optional<CachedManifest> result,
            java.util.function.Consumer<UUID> done) {
        Flight flight = mine.remove(device);
        flight.result().complete(result);
        flights.remove(device, flight);
        done.accept(device);
    }

    private void failed(Map<UUID, Flight> mine, UUID device, Throwable e, java.util.function.Consumer<UUID> done) {
        Flight flight = mine.remove(device);
        flight.result().completeExceptionally(e);
        flights.remove(device, flight);
        done.accept(device);
        log.debug("Could not build the manifest of device {} ahead: {}", device, e.getMessage());
    }

    /** [bucket start, window start, window end] of a bucket. */
    private Instant[] window(long bucket) {
        Instant bucketStart = Instant.ofEpochMilli(bucket * properties.bucket().toMillis());
        return new Instant[] {
            bucketStart,
            bucketStart.minus(properties.lookBehind()),
            bucketStart.plus(properties.bucket()).plus(properties.lookAhead())
        };
    }

    /** Withdrawals older than this are no longer listed: from the bucket's start, so the same key lists the same. */
    private Instant withdrawnSince(Instant[] window) {
        return window[0].minus(properties.withdrawnMemory());
    }

    private Optional<CachedManifest> build(UUID deviceId, String credentialHash, long version, long bucket) {
        Instant[] window = window(bucket);
        Optional<Draft> draft = reads.execute(status -> draft(
                deviceId,
                credentialHash,
                version,
                bucket,
                plans.planOfDevice(deviceId, window[1], window[2]),
                new HashMap<>(),
                commands.pending(deviceId),
                withdrawals.ofDevices(List.of(deviceId), withdrawnSince(window)).getOrDefault(deviceId, List.of())));
        if (draft.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(finish(draft.get(), remember(List.of(draft.get())).get(deviceId)));
    }

    /**
     * A manifest read but not yet remembered: everything but its purge, which depends on the media memory its
     * bookkeeping updates ({@link #remember}).
     */
    private record Draft(
            UUID deviceId,
            String credentialHash,
            long version,
            long bucket,
            ZoneId zone,
            String versionLabel,
            int pollSeconds,
            Manifest.Settings settings,
            List<Manifest.Item> items,
            Map<String, Manifest.Media> media,
            List<Manifest.Command> pending,
            List<Manifest.Withdrawal> withdrawn,
            Map<String, MediaAsset> assets) {}

    /**
     * Writes down what these drafts tell their devices (the items, the media to hold) in one transaction, and
     * answers each device's purge. Retried once when another build (another node, or this device's own) inserted
     * the same row in between: the retry reads that row as known.
     */
    private Map<UUID, List<String>> remember(List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<Manifest.Item>> itemsOf = new LinkedHashMap<>();
        Map<UUID, Set<String>> mediaOf = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            itemsOf.put(draft.deviceId(), draft.items());
            mediaOf.put(draft.deviceId(), draft.media().keySet());
        }
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            try {
                return transaction.execute(status -> {
                    planned.listed(itemsOf, now);
                    return listedMedia.listed(mediaOf, now);
                });
            } catch (DuplicateKeyException anotherBuildWasFirst) {
                if (attempt == 2) {
                    throw anotherBuildWasFirst;
                }
            }
        }
    }

    private CachedManifest finish(Draft draft, List<String> purge) {
        Manifest manifest = new Manifest(
                draft.versionLabel(),
                SENTINEL,
                draft.pollSeconds(),
                draft.settings(),
                draft.items(),
                List.copyOf(draft.media().values()),
                purge,
                draft.pending(),
                draft.withdrawn());
        byte[] body = json.writeValueAsBytes(manifest);
        byte[] marker = ("\"serverTime\":" + json.writeValueAsString(SENTINEL)).getBytes(StandardCharsets.UTF_8);
        int at = indexOf(body, marker);
        if (at < 0) {
            throw new IllegalStateException("serverTime not found in the encoded manifest");
        }
        int valueStart = at + "\"serverTime\":".length();
        byte[] head = Arrays.copyOfRange(body, 0, valueStart);
        byte[] tail = Arrays.copyOfRange(body, at + marker.length, body.length);
        return new CachedManifest(
                draft.deviceId(),
                draft.credentialHash(),
                draft.version(),
                draft.bucket(),
                '"' + draft.versionLabel() + '"',
                head,
                tail,
                draft.zone(),
                draft.assets(),
                draft.items().stream().map(Manifest.Item::id).collect(Collectors.toUnmodifiableSet()));
    }

    private Optional<Draft> draft(
            UUID deviceId,
            String credentialHash,
            long version,
            long bucket,
            Optional<DevicePlans.DevicePlan> found,
            Map<String, Optional<MediaAsset>> assets,
            List<DeviceCommand> pendingCommands,
            List<Withdrawals.Withdrawn> sentAndWithdrawn) {
        Instant[] window = window(bucket);
        Instant bucketStart = window[0];
        Instant from = window[1];
        Instant to = window[2];
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DevicePlans.DevicePlan plan = found.get();
        Device device = plan.device();
        ZoneId zone = plan.zone();

        Map<String, Manifest.Media> media = new LinkedHashMap<>();
        List<Manifest.Item> items = new ArrayList<>();
        for (DevicePlans.Entry entry : plan.items()) {
            Manifest.Kind kind = switch (entry.kind()) {
                case PLAYLIST -> Manifest.Kind.AUDIO;
                case STREAM -> isLive(entry.streamUrl()) ? Manifest.Kind.LIVE : Manifest.Kind.STREAM;
            };
            List<String> mediaIds = new ArrayList<>();
            boolean complete = true;
            for (DevicePlans.Media m : entry.media()) {
                Optional<MediaAsset> asset = assets.computeIfAbsent(m.mediaId(), this::asset);
                if (asset.isEmpty()) {
                    complete = false;
                    continue;
                }
                media.computeIfAbsent(m.mediaId(), id -> media(asset.get()));
                mediaIds.add(m.mediaId());
            }
            if (!complete) {
                log.error(
                        "Plan item {} of device {} names media that is not stored; left out of its manifest",
                        entry.id(),
                        deviceId);
                continue;
            }
            String fallback = null;
            String warning = null;
            if (kind == Manifest.Kind.STREAM) {
                // A relay carries the area's fallback bulletin (cached by the box, looped while the source is away)
                // and the probe's warning if its source failed before air.
                fallback = relayFallback(device, media, assets);
                warning = probes.warningFor(
                                entry.broadcastId(),
                                entry.start().toInstant(),
                                entry.end().toInstant())
                        .orElse(null);
            }
            items.add(new Manifest.Item(
                    entry.id(),
                    entry.start(),
                    entry.end(),
                    Manifest.Priority.valueOf(entry.priority().name()),
                    kind,
                    mediaIds,
                    kind.streamed() ? entry.streamUrl() : null,
                    entry.volume(),
                    fallback,
                    warning));
        }
        // Media no longer listed are kept in the table until they age out of the purge memory; the bookkeeping
        // (remember) re-lists those still needed.
        media.keySet()
                .removeIf(id ->
                        items.stream().noneMatch(i -> i.mediaIds().contains(id) || id.equals(i.fallbackMediaId())));

        List<Manifest.QuietHours> quiet = device.quietHours().within(from, to, zone).stream()
                .map(q -> new Manifest.QuietHours(
                        q[0].atZone(zone).toOffsetDateTime(), q[1].atZone(zone).toOffsetDateTime()))
                .toList();
        List<Manifest.Command> pending = pendingCommands.stream()
                .map(c -> new Manifest.Command(
                        c.id().toString(), Manifest.CommandType.valueOf(c.type().name()), c.args()))
                .toList();
        // From the bucket's start, not the clock: the same (version, bucket) always gives the same list.
        Set<String> listed = new java.util.HashSet<>();
        items.forEach(i -> listed.add(i.id()));
        List<Manifest.Withdrawal> withdrawn = sentAndWithdrawn.stream()
                .filter(w -> !listed.contains(w.itemId()))
                .map(w -> new Manifest.Withdrawal(
                        w.itemId(), w.reason(), w.at().atZone(zone).toOffsetDateTime()))
                .toList();
        return Optional.of(new Draft(
                deviceId,
                credentialHash,
                version,
                bucket,
                zone,
                "m-" + version + "-" + BUCKET_LABEL.format(bucketStart),
                device.pollSeconds(),
                new Manifest.Settings(device.volume(), quiet, properties.heartbeatSeconds()),
                items,
                media,
                pending,
                withdrawn,
                listedAssets(media.keySet(), assets)));
    }

    private static Map<String, MediaAsset> listedAssets(Set<String> ids, Map<String, Optional<MediaAsset>> assets) {
        Map<String, MediaAsset> listed = new HashMap<>();
        for (String id : ids) {
            listed.put(id, assets.get(id).orElseThrow());
        }
        return Map.copyOf(listed);
    }

    /** A live session's stream: its item is LIVE, so the box joins it as one (docs/live.md). */
    private boolean isLive(String streamUrl) {
        return streamUrl != null && live.stream().anyMatch(l -> l.isLive(streamUrl));
    }

    /** The media id of the fallback bulletin for relays on this device, listed in {@code media}; null: a tone. */
    private String relayFallback(
            Device device, Map<String, Manifest.Media> media, Map<String, Optional<MediaAsset>> assets) {
        Optional<UUID> audioId = fallbacks.audioFor(device.areaPath());
        if (audioId.isEmpty()) {
            return null;
        }
        String id = audioId.get().toString();
        Optional<MediaAsset> asset = assets.computeIfAbsent(id, this::asset);
        if (asset.isEmpty()) {
            log.warn(
                    "The relay fallback {} of device {} is not stored; its relays fall back on a tone",
                    id,
                    device.id());
            return null;
        }
        media.computeIfAbsent(id, i -> media(asset.get()));
        return id;
    }

    private Optional<MediaAsset> asset(String mediaId) {
        try {
            return audio.asset(UUID.fromString(mediaId));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    private Manifest.Media media(MediaAsset asset) {
        String url;
        try {
            url = audio.downloadUrl(asset, properties.mediaUrlExpiry())
                    .map(Object::toString)
                    .orElse(null);
        } catch (IOException e) {
            // The box falls back to /edge/v1/media/{id} on this server.
            log.warn("No presigned URL for media {}: {}", asset.id(), e.getMessage());
            url = null;
        }
        return new Manifest.Media(
                asset.id().toString(),
                asset.sha256(),
                asset.sizeBytes(),
                asset.mimeType(),
                asset.durationMs() == null ? 0 : asset.durationMs(),
                url);
    }

    private static int indexOf(byte[] body, byte[] marker) {
        outer:
        for (int i = 0; i <= body.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
